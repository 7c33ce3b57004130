package cn.huanxin.ledger.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of the auditors' console: its refusals and errors are rendered as a page in the
 * reader's language ({@link ConsoleProblemPages}) rather than as the API's problem+json, and its
 * pages receive the console's shared model (who is signed in, the navigation, the language toggle).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConsolePage {
}
