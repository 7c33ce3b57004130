package cn.huanxin.ledger.core.integrity;

import java.util.Collection;
import java.util.Map;

/**
 * Where a log keeps the hashes of its perfect subtrees (leaf hashes at level 0). {@link LogTree}
 * asks for all the hashes one root or proof needs in a single call, so a database needs one query.
 */
@FunctionalInterface
public interface SubtreeHashes {

    /**
     * The hashes of the given subtrees.
     *
     * @param wanted perfect subtrees that lie wholly inside the log
     * @return a hash for every wanted subtree; a missing one is the store's error
     */
    Map<Subtree, byte[]> hashes(Collection<Subtree> wanted);
}
