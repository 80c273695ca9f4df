package io.github.camelai.llm.quota;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where the buckets of a quota live. Without a store each JVM keeps its own in memory; a store shared by several
 * JVMs (replicas of one application) gives them one quota together. Register one as a bean and name it in the
 * {@code rateLimitStore} option, e.g. {@link PostgreSqlQuotaStore}. Any Bucket4j back end can be one: return
 * its proxy for the name.
 */
public interface QuotaStore {

    /**
     * The bucket of this name, created with {@code configuration} when the store has none yet. Every JVM that asks
     * for the same name gets the same bucket.
     *
     * @param name          names the quota, its limit and whether it counts requests or tokens, e.g.
     *                      {@code baseten|group:acme|requests|120}; names differ when limits do, so a changed
     *                      limit starts a new bucket
     * @param configuration the bucket's limit
     */
    Bucket bucket(String name, BucketConfiguration configuration);

    /** The buckets of one JVM, kept in memory. */
    QuotaStore IN_MEMORY = (name, configuration) -> {
        io.github.bucket4j.local.LocalBucketBuilder builder = Bucket.builder();
        for (io.github.bucket4j.Bandwidth b : configuration.getBandwidths()) {
            builder.addLimit(b);
        }
        return builder.build();
    };
}
