package cn.huanxin.ledger.projections.balance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountsTest {

    @Test
    void accountIdsNameTheirKindFundAndRegion() {
        assertThat(Accounts.pool("F-1")).isEqualTo("pool:F-1");
        assertThat(Accounts.quota("F-1", "320812")).isEqualTo("quota:F-1:320812");
        assertThat(Accounts.committed("F-1", "320812")).isEqualTo("committed:F-1:320812");
        assertThat(Accounts.paid("F-1", "320812")).isEqualTo("paid:F-1:320812");
        assertThat(Accounts.WORLD).isEqualTo("world");
    }

    @Test
    void aFundIdWithColonsStillReadsAsOneAccount() {
        assertThat(Accounts.kindOf(Accounts.quota("bond:2024:A", "320812"))).contains(AccountKind.QUOTA);
        assertThat(Accounts.kindOf(Accounts.pool("bond:2024:A"))).contains(AccountKind.POOL);
    }

    @Test
    void idsOutsideTheChartAreNotAccounts() {
        assertThat(Accounts.kindOf("world")).contains(AccountKind.WORLD);
        assertThat(Accounts.isWellFormed("quota:F-1")).isFalse();
        assertThat(Accounts.isWellFormed("quota:F-1:32081")).isFalse();
        assertThat(Accounts.isWellFormed("quota::320812")).isFalse();
        assertThat(Accounts.isWellFormed("pool:")).isFalse();
        assertThat(Accounts.isWellFormed("world:F-1")).isFalse();
        assertThat(Accounts.isWellFormed("cash:F-1")).isFalse();
        assertThat(Accounts.isWellFormed("pool:F 1")).isFalse();
        assertThat(Accounts.isWellFormed(null)).isFalse();
    }
}
