package cn.huanxin.ledger.api.web;

/** One field error of a 400 answer: the JSON path of the field and what is wrong with it. */
public record FieldError(String field, String message) {
}
