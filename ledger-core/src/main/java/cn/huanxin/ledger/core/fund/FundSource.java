package cn.huanxin.ledger.core.fund;

/** Where a fund's money comes from (超长期特别国债, 中央预算内投资, 地方政府专项债, …). */
public enum FundSource {
    CENTRAL_BOND, CENTRAL_BUDGET, LOCAL_SPECIAL_BOND, PROVINCIAL, MUNICIPAL, COUNTY
}
