package com.omnichannel.kafka;

import com.omnichannel.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * What both services need from Kafka: the topics (declared by whichever service starts first),
 * bounded retries that end in the dead-letter topic, event JSON, and a broker health check.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties({TopicProperties.class, OmniKafkaProperties.class})
public class OmniKafkaAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OmniKafkaAutoConfiguration.class);

  @Bean
  KafkaAdmin.NewTopics omniTopics(TopicProperties properties) {
    int partitions = properties.partitions();
    short replicationFactor = properties.replicationFactor();
    List<NewTopic> topics =
        new ArrayList<>(
            Topics.DEAD_LETTERED.stream()
                .flatMap(topic -> List.of(topic, Topics.deadLetterOf(topic)).stream())
                .map(
                    name ->
                        TopicBuilder.name(name)
                            .partitions(partitions)
                            .replicas(replicationFactor)
                            .build())
                .toList());
    // Event streams resume from it: kept a week (at least the day the streams promise). No
    // consumer group reads it, so it has no dead-letter topic.
    topics.add(
        TopicBuilder.name(Topics.CONVERSATION_EVENTS)
            .partitions(partitions)
            .replicas(replicationFactor)
            .config("retention.ms", Long.toString(Duration.ofDays(7).toMillis()))
            .build());
    return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
  }

  /**
   * Retries a failing record a bounded number of times with exponential back-off, then lets the
   * service's {@link FinalFailureHandler}s settle it, or publishes it unchanged to {@code
   * <topic>-dlt}. Unreadable records skip the retries.
   */
  @Bean
  DefaultErrorHandler kafkaErrorHandler(
      KafkaTemplate<String, byte[]> template,
      ObjectProvider<FinalFailureHandler> finalFailureHandlers,
      OmniKafkaProperties properties) {
    int attempts = properties.retry().attempts();
    Duration initialInterval = properties.retry().initialInterval();
    var deadLetters =
        new DeadLetterPublishingRecoverer(
            template,
            (record, exception) -> {
              log.warn(
                  "Sending record {}-{}@{} to the dead-letter topic: {}",
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  exception.getMessage());
              return new TopicPartition(Topics.deadLetterOf(record.topic()), -1);
            });
    List<FinalFailureHandler> handlers = finalFailureHandlers.orderedStream().toList();
    ConsumerRecordRecoverer recoverer =
        (record, exception) -> {
          for (FinalFailureHandler handler : handlers) {
            if (handler.settle(record, exception)) {
              return;
            }
          }
          deadLetters.accept(record, exception);
        };
    var backOff = new ExponentialBackOffWithMaxRetries(attempts);
    backOff.setInitialInterval(initialInterval.toMillis());
    backOff.setMultiplier(2.0);
    backOff.setMaxInterval(initialInterval.toMillis() * 8);
    var handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(UnreadableEventException.class);
    BackOff untilBack = untilDependencyIsBack(initialInterval);
    handler.setBackOffFunction(
        (record, exception) -> dependencyUnavailable(exception) ? untilBack : null);
    return handler;
  }

  /**
   * A database or broker that is down is no fault of the record: waiting for it, however long,
   * loses nothing, where the dead-letter topic would take the record out of the flow. A deadlock or
   * a lock wait timeout is not an outage: the database answered, and waiting without bound would
   * stall the partition behind a record that may never succeed, so those retries stay bounded.
   */
  public static boolean dependencyUnavailable(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof ConcurrencyFailureException || t instanceof QueryTimeoutException) {
        return false;
      }
      if (t instanceof TransientDataAccessResourceException
          || t instanceof DataAccessResourceFailureException
          || t instanceof RecoverableDataAccessException
          || t instanceof CannotCreateTransactionException
          || t instanceof RetriableException) {
        return true;
      }
    }
    return false;
  }

  static BackOff untilDependencyIsBack(Duration initialInterval) {
    var backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
    backOff.setMaxInterval(5_000);
    return backOff;
  }

  @Bean
  EventJson eventJson(JsonMapper mapper) {
    return new EventJson(mapper);
  }

  @Bean(destroyMethod = "close")
  BrokerAdmin brokerAdmin(KafkaAdmin admin) {
    return new BrokerAdmin(admin);
  }

  @Bean
  KafkaBrokerHealthIndicator kafkaHealthIndicator(BrokerAdmin admin) {
    return new KafkaBrokerHealthIndicator(admin);
  }

  @Bean
  RecordTracing recordTracing(
      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    return new RecordTracing(
        tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
  }

  /** The lag of the service's consumer group, for services that have one. */
  @Bean
  @ConditionalOnProperty("spring.kafka.consumer.group-id")
  ConsumerLag consumerLag(
      BrokerAdmin admin,
      KafkaProperties kafka,
      OmniKafkaProperties properties,
      MeterRegistry meters) {
    return new ConsumerLag(
        admin, kafka.getConsumer().getGroupId(), properties.lagInterval(), meters);
  }
}
