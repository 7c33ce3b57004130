/**
 * The fraud view as it was before the batch engine — every rule reading and writing its tables event
 * by event — kept unchanged in test code as the oracle of {@code BatchEngineEquivalenceTest}: the
 * engine must leave every table exactly as this implementation does. Not used by the ledger.
 */
package cn.huanxin.ledger.projections.fraud.legacy;
