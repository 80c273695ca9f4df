package io.github.camelai.llm.telemetry;

import java.util.function.IntSupplier;

import org.apache.camel.CamelContext;

/**
 * Where finished calls are recorded as metrics. This interface names no Micrometer type, so the code that holds
 * it runs without Micrometer on the classpath; {@link MicrometerGenAiMeters}, the one implementation, is loaded
 * only after {@link #find} has seen that Micrometer is there.
 */
interface GenAiMeters {

    /** The fully qualified name of the class whose presence says Micrometer is on the classpath. */
    String METER_REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

    /** Records a call that has ended; {@code durationNanos} runs from its start to its end. */
    void record(GenAiCall call, long durationNanos);

    /** Records how long a call waited on its quota before it was sent. */
    void recordQuotaWait(String operation, String provider, String requestModel, long waitNanos);

    /**
     * Shows an endpoint's concurrency limit as a gauge. Endpoints whose tags are the same add up; an endpoint that
     * is watched again (it restarted with a new limiter) replaces its earlier limit.
     *
     * @param endpoint a key for the endpoint, held weakly: an endpoint that is gone leaves the sum
     * @param limit    the calls it allows in flight now
     */
    void watchLimit(String operation, String provider, String requestModel, Object endpoint, IntSupplier limit);

    /**
     * The meters of the context's Micrometer registry, or {@code null} when Micrometer is not on the classpath or
     * the Camel registry holds no {@code MeterRegistry}.
     */
    static GenAiMeters find(CamelContext context) {
        if (!micrometerPresent()) {
            return null;
        }
        return MicrometerGenAiMeters.find(context);
    }

    /** Whether Micrometer can be loaded by the class loader that loaded this module. */
    static boolean micrometerPresent() {
        try {
            Class.forName(METER_REGISTRY_CLASS, false, GenAiMeters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
