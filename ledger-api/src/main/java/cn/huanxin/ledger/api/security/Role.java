package cn.huanxin.ledger.api.security;

/** The one role each client has (docs/api.md, "Roles: who may call what"). */
public enum Role {
    SOURCE, AUDITOR, DISCIPLINE, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
