package cn.huanxin.ledger.api.security;

/** The one role each client has (CONTRACT.md, "Authentication and roles"). */
public enum Role {
    SOURCE, AUDITOR, DISCIPLINE, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
