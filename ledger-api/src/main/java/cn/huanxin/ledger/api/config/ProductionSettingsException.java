package cn.huanxin.ledger.api.config;

import java.util.List;

/** The production profile was started without settings it cannot do without; each problem names its setting. */
public class ProductionSettingsException extends IllegalStateException {

    private final List<String> problems;

    public ProductionSettingsException(List<String> problems) {
        super("The postgres profile refuses to start half-configured:\n - " + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
