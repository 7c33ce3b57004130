package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the draft of an alert raised for the first time with evidence that may be long (R22's
 * grants behind a median, R24's grants of a day): all of it up to 2N events, past that the first N
 * and the latest N and the number left out between them (N: {@link RuleContext#evidenceBound()}),
 * so that the rule hands the store no more than the store keeps. Only for an alert the rule knows
 * to be new: the store requires the N events after a gap to be new to the alert.
 */
final class EvidenceLists {

    private EvidenceLists() {
    }

    static AlertDraft firstRaise(String ruleId, Severity severity, String subjectKind, String subjectRef,
                                 String window, String regionCode, String summaryZh, String summaryEn,
                                 List<String> evidence, int evidenceBound) {
        if (evidence.size() <= 2 * evidenceBound) {
            return new AlertDraft(ruleId, severity, subjectKind, subjectRef, window, regionCode, summaryZh, summaryEn,
                    evidence);
        }
        List<String> listed = new ArrayList<>(2 * evidenceBound);
        listed.addAll(evidence.subList(0, evidenceBound));
        listed.addAll(evidence.subList(evidence.size() - evidenceBound, evidence.size()));
        return new AlertDraft(ruleId, severity, subjectKind, subjectRef, window, regionCode, summaryZh, summaryEn,
                listed, evidenceBound, evidence.size() - 2L * evidenceBound);
    }
}
