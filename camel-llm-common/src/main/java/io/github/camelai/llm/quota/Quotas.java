package io.github.camelai.llm.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;

import io.github.camelai.llm.http.RequestGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quotas of one component instance: endpoints with the same target (or the same {@code rateLimitGroup}) and
 * the same limits share one {@link Quota}. Kept per component, not per JVM, so two CamelContexts in one JVM share
 * a quota only through a {@link QuotaStore}, as two JVMs would.
 */
public final class Quotas {

    private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);

    private record Key(String name, int requestsPerMinute, long tokensPerMinute, QuotaStore store) {
    }

    private final String component;
    private final Map<Key, Quota> quotas = new ConcurrentHashMap<>();
    private final Map<String, Key> byName = new ConcurrentHashMap<>();

    /** @param component the component's scheme: quotas of different components never share a bucket */
    public Quotas(String component) {
        this.component = component;
    }

    /**
     * The gate an endpoint's calls pass: {@link RequestGate#OPEN} when both limits are 0.
     *
     * @param target            the service URL and model the endpoint calls
     * @param group             the {@code rateLimitGroup}: shares the quota with every endpoint of the same group,
     *                          whatever its target; {@code null} or blank for none
     * @param requestsPerMinute 0 for no limit
     * @param tokensPerMinute   0 for no limit
     * @param store             where the buckets live; {@code null} for this JVM's memory
     * @param scheduler         where waiting calls are woken
     * @param waited            told how long each call waited, in nanoseconds
     */
    public RequestGate gate(String target, String group, int requestsPerMinute, long tokensPerMinute, QuotaStore store,
                            ScheduledExecutorService scheduler, LongConsumer waited) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("requestsPerMinute and tokensPerMinute must not be negative, got "
                                               + requestsPerMinute + " and " + tokensPerMinute + "; 0 means no limit");
        }
        if (requestsPerMinute == 0 && tokensPerMinute == 0) {
            return RequestGate.OPEN;
        }
        String name = component + "|" + (group != null && !group.isBlank() ? "group:" + group.trim() : "target:" + target);
        Key key = new Key(name, requestsPerMinute, tokensPerMinute, store);
        Key before = byName.putIfAbsent(name, key);
        if (before != null && !before.equals(key)) {
            LOG.warn("Endpoints of {} with the same {} have different quotas ({} and {}): each keeps its own, so together"
                     + " they may exceed either. Give them the same requestsPerMinute, tokensPerMinute and rateLimitStore.",
                    component, group != null && !group.isBlank() ? "rateLimitGroup" : "target", describe(before),
                    describe(key));
        }
        Quota quota = quotas.computeIfAbsent(key, k -> new Quota(k.name(), k.requestsPerMinute(), k.tokensPerMinute(),
                k.store() != null ? k.store() : QuotaStore.IN_MEMORY));
        return new QuotaGate(quota, scheduler, waited);
    }

    private static String describe(Key k) {
        return "requestsPerMinute=" + k.requestsPerMinute() + ", tokensPerMinute=" + k.tokensPerMinute()
               + (k.store() != null ? ", rateLimitStore=" + k.store() : "");
    }

    /** Forgets every quota (the component stopped). */
    public void clear() {
        quotas.clear();
        byName.clear();
    }
}
