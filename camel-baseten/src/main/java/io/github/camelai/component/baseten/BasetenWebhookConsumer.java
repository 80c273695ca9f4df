package io.github.camelai.component.baseten;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.RollbackExchangeException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code baseten:webhook}: receives Baseten's async results. It serves {@code path} through Camel's platform-http
 * (whichever implementation the application has: Vert.x on Camel Main and Quarkus, Spring Boot's web server, ...),
 * lets {@link WebhookDeliveryProcessor} check every request, and runs the route on a fresh exchange of its own per
 * accepted delivery, so no header of the HTTP request reaches the route.
 * <p>
 * The route's exchange: body = the delivery's {@code data} (the model output as {@code Map}, {@code List}, String,
 * number or null), headers {@code CamelBasetenAsyncRequestId}, {@code CamelBasetenModelId},
 * {@code CamelBasetenDeploymentId}, {@code CamelBasetenWebhookTime}, {@code CamelBasetenWebhookType} and
 * {@code CamelBasetenWebhookErrors} (always a List, empty when the request succeeded).
 */
public class BasetenWebhookConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(BasetenWebhookConsumer.class);

    /** Request ids remembered by the default in-memory repository (12,000 requests a minute for the 5-minute window). */
    static final int DEFAULT_REPOSITORY_SIZE = 100_000;

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*");

    private Clock clock = Clock.systemUTC();
    private IdempotentRepository repository;
    private org.apache.camel.Consumer httpConsumer;

    public BasetenWebhookConsumer(BasetenEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public BasetenEndpoint getEndpoint() {
        return (BasetenEndpoint) super.getEndpoint();
    }

    /** The clock a delivery's {@code time} is checked against; for tests. Set before the consumer starts. */
    void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BasetenConfiguration cfg = getEndpoint().getConfiguration();
        String path = checkPath(cfg.getPath());
        WebhookSignatureVerifier verifier = verifier(cfg);
        if (cfg.getMaxPayloadSize() <= 0) {
            throw new IllegalArgumentException("maxPayloadSize must be positive, got " + cfg.getMaxPayloadSize());
        }
        if (cfg.getTimestampTolerance() < 0) {
            // a negative value would switch the replay check off without saying so
            throw new IllegalArgumentException("timestampTolerance must not be negative, got "
                                               + cfg.getTimestampTolerance() + " ms; use e.g. 300000 or 5m, or 0 to "
                                               + "turn the time check off");
        }
        if (cfg.getIdempotentRepository() != null) {
            repository = cfg.getIdempotentRepository();
        } else {
            repository = MemoryIdempotentRepository.memoryIdempotentRepository(DEFAULT_REPOSITORY_SIZE);
        }
        // a repository declared as a bean (a KafkaIdempotentRepository shared by replicas) may need the context
        CamelContextAware.trySetCamelContext(repository, getEndpoint().getCamelContext());
        ServiceHelper.startService(repository);
        WebhookDeliveryProcessor checks = new WebhookDeliveryProcessor(verifier,
                Duration.ofMillis(cfg.getTimestampTolerance()), cfg.getMaxPayloadSize(), repository, clock,
                this::deliver);
        Endpoint http = getEndpoint().getCamelContext().getEndpoint("platform-http:" + path + "?httpMethodRestrict=POST");
        httpConsumer = http.createConsumer(checks);
        ServiceHelper.startService(httpConsumer);
        LOG.info("Baseten webhook listening on POST {} ({})", path,
                verifier != null ? "signatures required" : "UNSIGNED deliveries accepted (allowUnsigned=true)");
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopAndShutdownService(httpConsumer);
        httpConsumer = null;
        // started here, so stopped here, a bean of the user's too (as Camel's idempotentConsumer does): a
        // KafkaIdempotentRepository left running keeps reading its topic after the context has stopped
        ServiceHelper.stopService(repository);
        repository = null;
        super.doStop();
    }

    /** Runs the route for one delivery on an exchange that carries nothing of the HTTP request. */
    private void deliver(WebhookDelivery delivery, Consumer<Throwable> done) {
        Exchange exchange = createExchange(false);
        Message m = exchange.getMessage();
        m.setBody(delivery.data());
        m.setHeader(BasetenConstants.ASYNC_REQUEST_ID, delivery.requestId());
        if (delivery.modelId() != null) {
            m.setHeader(BasetenConstants.MODEL_ID, delivery.modelId());
        }
        if (delivery.deploymentId() != null) {
            m.setHeader(BasetenConstants.DEPLOYMENT_ID, delivery.deploymentId());
        }
        if (delivery.type() != null) {
            m.setHeader(BasetenConstants.WEBHOOK_TYPE, delivery.type());
        }
        m.setHeader(BasetenConstants.WEBHOOK_TIME, delivery.timeText());
        m.setHeader(BasetenConstants.WEBHOOK_ERRORS, delivery.errors());
        getAsyncProcessor().process(exchange, doneSync -> {
            Throwable failure = exchange.getException();
            if (failure == null && exchange.isRollbackOnly()) {
                failure = new RollbackExchangeException("The route rolled back the delivery", exchange);
            }
            releaseExchange(exchange, false);
            done.accept(failure);
        });
    }

    static String checkPath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("baseten:webhook needs the path option: the HTTP path Baseten posts to, "
                                               + "e.g. path=/baseten/results");
        }
        String p = path.trim();
        if (!PATH.matcher(p).matches()) {
            throw new IllegalArgumentException("Invalid webhook path '" + p + "': it must start with '/' and hold "
                                               + "segments of letters, digits, '.', '_', '~' or '-' (no '//', query "
                                               + "or placeholders)");
        }
        return p;
    }

    static WebhookSignatureVerifier verifier(BasetenConfiguration cfg) {
        List<String> secrets = new ArrayList<>();
        if (cfg.getWebhookSecret() != null) {
            for (String s : cfg.getWebhookSecret().split(",")) {
                if (!s.isBlank()) {
                    secrets.add(s.trim());
                }
            }
        }
        if (!secrets.isEmpty()) {
            return new WebhookSignatureVerifier(secrets);
        }
        if (!cfg.isAllowUnsigned()) {
            throw new IllegalArgumentException("baseten:webhook needs webhookSecret (the whsec_... secret from Baseten's "
                                               + "dashboard) so forged deliveries are refused; set allowUnsigned=true "
                                               + "only for local testing");
        }
        LOG.warn("baseten:webhook accepts UNSIGNED deliveries (allowUnsigned=true, no webhookSecret): anyone who can "
                 + "reach the path can inject results. Use this for local testing only.");
        return null;
    }
}
