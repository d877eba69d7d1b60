package io.drplan.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockInfoTest {
    // Terraform 1.11.4's diagnostic detail, as printed when a second apply found the lock held
    private static final String DETAIL = "Error message: resource temporarily unavailable\nLock Info:\n"
            + "  ID:        1515518a-65b2-0096-10e5-fdd9515a357f\n"
            + "  Path:      terraform.tfstate\n"
            + "  Operation: OperationTypeApply\n"
            + "  Who:       root@vm\n"
            + "  Version:   1.11.4\n"
            + "  Created:   2026-12-01 17:24:14.239347991 +0000 UTC\n"
            + "  Info:      \n\n\nTerraform acquires a state lock to protect the state from being written\n";

    @Test
    void parse_terraformsLockInfo() {
        LockInfo lock = LockInfo.parse(DETAIL).orElseThrow();

        assertThat(lock).isEqualTo(new LockInfo("1515518a-65b2-0096-10e5-fdd9515a357f", "terraform.tfstate",
                "OperationTypeApply", "root@vm", "1.11.4", "2026-12-01 17:24:14.239347991 +0000 UTC"));
        assertThat(lock.createdAt()).contains(Instant.parse("2026-12-01T17:24:14.239347991Z"));
        assertThat(lock.describe()).isEqualTo("root@vm (lock ID 1515518a-65b2-0096-10e5-fdd9515a357f,"
                + " OperationTypeApply, since 2026-12-01 17:24:14.239347991 +0000 UTC)");
    }

    @Test
    void parse_noLockInfo_empty() {
        assertThat(LockInfo.parse("Error: Value for undeclared variable")).isEmpty();
        assertThat(LockInfo.parse(null)).isEmpty();
    }

    @Test
    void createdAt_otherZone_unknown() {
        assertThat(new LockInfo("x", "", "", "", "", "2026-12-01 17:24:14 +0200 CEST").createdAt()).isEmpty();
    }

    @Test
    void compare_versions() {
        assertThat(TerraformProvider.compare("1.11.4", "1.0.0")).isPositive();
        assertThat(TerraformProvider.compare("0.15.5", "1.0.0")).isNegative();
        assertThat(TerraformProvider.compare("1.0.0", "1.0.0")).isZero();
        assertThat(TerraformProvider.compare("1.12.0-beta1", "1.12.0")).isZero();
    }
}
