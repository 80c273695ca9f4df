package io.github.camelai.llm.telemetry;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

/**
 * The GenAI client metrics on a Micrometer {@link MeterRegistry}. The only class of this module that names a
 * Micrometer type: it is loaded only when Micrometer is on the classpath (see {@link GenAiMeters#find}).
 * <p>
 * Every meter of one name carries the same tag keys, as Prometheus requires: a value that is not known (no
 * response model on a failed call, no {@code error.type} on a successful one) is the empty string, which
 * Prometheus treats as an absent label.
 */
final class MicrometerGenAiMeters implements GenAiMeters {

    /** The name camel-micrometer and Camel Main's metrics configuration bind their registry under. */
    static final String CAMEL_METRICS_REGISTRY = "metricsRegistry";

    // a gauge reads one object: the endpoints that share its tags are summed in one, found again by registry and tags
    private static final Map<MeterRegistry, Map<Tags, LimitSum>> LIMITS = new WeakHashMap<>();

    private final MeterRegistry registry;

    MicrometerGenAiMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry bound as {@code metricsRegistry}, else the only {@code MeterRegistry} in the Camel registry. */
    static GenAiMeters find(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(CAMEL_METRICS_REGISTRY, MeterRegistry.class);
        if (registry == null) {
            Set<MeterRegistry> all = context.getRegistry().findByType(MeterRegistry.class);
            registry = all.size() == 1 ? all.iterator().next() : null;
        }
        return registry == null ? null : new MicrometerGenAiMeters(registry);
    }

    @Override
    public void record(GenAiCall call, long durationNanos) {
        Tags tags = Tags.of(
                GenAiConventions.OPERATION_NAME, value(call.operation()),
                GenAiConventions.PROVIDER_NAME, value(call.provider()),
                GenAiConventions.REQUEST_MODEL, value(call.requestModel()),
                GenAiConventions.RESPONSE_MODEL, value(call.responseModel()));
        Timer.builder(GenAiConventions.OPERATION_DURATION)
                .description("Duration of GenAI client operations")
                .tags(tags).tag(GenAiConventions.ERROR_TYPE, value(call.errorType()))
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
        long firstChunk = call.timeToFirstChunkNanos();
        if (firstChunk >= 0) {
            Timer.builder(GenAiConventions.TIME_TO_FIRST_CHUNK)
                    .description("Time from the start of a streamed GenAI operation to its first chunk")
                    .tags(tags).tag(GenAiConventions.ERROR_TYPE, value(call.errorType()))
                    .register(registry)
                    .record(firstChunk, TimeUnit.NANOSECONDS);
        }
        tokens(tags, GenAiConventions.TOKEN_INPUT, call.inputTokens());
        tokens(tags, GenAiConventions.TOKEN_OUTPUT, call.outputTokens());
    }

    @Override
    public void recordQuotaWait(String operation, String provider, String requestModel, long waitNanos) {
        Timer.builder(GenAiConventions.QUOTA_WAIT)
                .description("Time GenAI client calls waited on the client-side quota (requestsPerMinute, tokensPerMinute)"
                             + " before they were sent")
                .tags(Tags.of(GenAiConventions.OPERATION_NAME, value(operation), GenAiConventions.PROVIDER_NAME,
                        value(provider), GenAiConventions.REQUEST_MODEL, value(requestModel)))
                .register(registry)
                .record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void watchLimit(String operation, String provider, String requestModel, Object endpoint, IntSupplier limit) {
        Tags tags = Tags.of(
                GenAiConventions.OPERATION_NAME, value(operation),
                GenAiConventions.PROVIDER_NAME, value(provider),
                GenAiConventions.REQUEST_MODEL, value(requestModel));
        LimitSum sum;
        synchronized (LIMITS) {
            sum = LIMITS.computeIfAbsent(registry, r -> new HashMap<>()).computeIfAbsent(tags, t -> new LimitSum());
        }
        sum.put(endpoint, limit);
        Gauge.builder(GenAiConventions.CONCURRENCY_LIMIT, sum, LimitSum::value)
                .description("The calls an endpoint allows in flight now: maxConcurrentRequests, or the adaptive limit")
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    /** The limits of the endpoints that share one set of tags. */
    private static final class LimitSum {
        private final Map<Object, IntSupplier> byEndpoint = Collections.synchronizedMap(new WeakHashMap<>());

        void put(Object endpoint, IntSupplier limit) {
            byEndpoint.put(endpoint, limit);
        }

        double value() {
            long sum = 0;
            synchronized (byEndpoint) {
                for (IntSupplier limit : byEndpoint.values()) {
                    sum += limit.getAsInt();
                }
            }
            return sum;
        }
    }

    private void tokens(Tags tags, String type, Integer count) {
        if (count == null) {
            return;
        }
        DistributionSummary.builder(GenAiConventions.TOKEN_USAGE)
                .description("Number of input and output tokens used by GenAI client operations")
                .tags(tags).tag(GenAiConventions.TOKEN_TYPE, type)
                .register(registry)
                .record(count);
    }

    private static String value(String s) {
        return s == null ? "" : s;
    }
}
