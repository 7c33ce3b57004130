package cn.huanxin.ledger.core.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regions a deployment serves: code to name. The default is Huai'an (淮安市) and its seven
 * districts and counties; another city replaces the table in configuration.
 */
public final class RegionTable {

    private final Map<String, String> namesByCode;

    public RegionTable(Map<String, String> namesByCode) {
        if (namesByCode == null || namesByCode.isEmpty()) {
            throw new IllegalArgumentException("the region table must name at least one region");
        }
        namesByCode.keySet().forEach(code -> {
            if (!RegionCode.isWellFormed(code)) {
                throw new IllegalArgumentException("region code " + code + " is not 6 digits");
            }
        });
        this.namesByCode = Collections.unmodifiableMap(new LinkedHashMap<>(namesByCode));
    }

    public static RegionTable huaian() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("320800", "淮安市");
        table.put("320803", "淮安区");
        table.put("320804", "淮阴区");
        table.put("320812", "清江浦区");
        table.put("320813", "洪泽区");
        table.put("320826", "涟水县");
        table.put("320830", "盱眙县");
        table.put("320831", "金湖县");
        return new RegionTable(table);
    }

    public boolean contains(String code) {
        return namesByCode.containsKey(code);
    }

    public Map<String, String> namesByCode() {
        return namesByCode;
    }
}
