package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveryLedger;
import com.omnichannel.api.conversation.DeliveryState;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.intake.GroupCommit;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Providers' statuses of the messages they name by their own ids, stored by group commit: a
 * provider posts up to three per message we send, each a webhook of its own, and the statuses that
 * arrive together are stored in one transaction ({@link GroupCommit}). Most are of a message
 * already sent, which moves on in one conditional statement without its conversation's lock; one of
 * a message still pending needs that lock, which no batch takes (a batch holding many
 * conversations' locks would keep webhooks for them waiting), and is stored alone, as {@link
 * Deliveries#recordProviderStatusById} stores it.
 */
@Component
public class ProviderStatusBatches {

  /** Statuses stored per transaction at most. */
  static final int MAX_BATCH = 100;

  /** A provider's status of a message it names by its own id. */
  record ProviderStatus(
      long companyId,
      long channelId,
      String providerMessageId,
      DeliveryStatus status,
      String error) {}

  private final Deliveries deliveries;
  private final DeliveryLedger ledger;
  private final EarlyStatuses early;
  private final DeliveryStateMachine machine;
  private final Conversations conversations;
  private final TransactionTemplate transaction;
  private final GroupCommit<ProviderStatus, Boolean> commits;

  ProviderStatusBatches(
      Deliveries deliveries,
      DeliveryLedger ledger,
      EarlyStatuses early,
      DeliveryStateMachine machine,
      Conversations conversations,
      PlatformTransactionManager transactions,
      MeterRegistry meters) {
    this.deliveries = deliveries;
    this.ledger = ledger;
    this.early = early;
    this.machine = machine;
    this.conversations = conversations;
    this.transaction = new TransactionTemplate(transactions);
    this.commits =
        new GroupCommit<>(
            "provider_statuses", MAX_BATCH, 1, this::inOneTransaction, this::alone, meters);
  }

  /**
   * Stores the status with those that arrive with it; returns once it is committed. Statuses only
   * move forward; one of a message whose provider id is not recorded yet waits for it.
   *
   * @return whether the message was found; false when the status waits for its provider id
   */
  public boolean record(
      long companyId,
      long channelId,
      String providerMessageId,
      DeliveryStatus status,
      String error) {
    return commits.apply(
        new ProviderStatus(companyId, channelId, providerMessageId, status, error));
  }

  /** The batch, in its order; a status of a pending message is handed back (null). */
  private List<Boolean> inOneTransaction(List<ProviderStatus> batch) {
    return transaction.execute(
        tx -> {
          Instant now = conversations.now();
          List<Boolean> found = new ArrayList<>(batch.size());
          for (ProviderStatus status : batch) {
            Optional<DeliveryState> state =
                ledger.find(
                    status.companyId(), status.channelId(), null, status.providerMessageId());
            if (state.isEmpty()) {
              early.park(
                  status.companyId(),
                  status.channelId(),
                  status.providerMessageId(),
                  status.status(),
                  status.error(),
                  now);
              found.add(false);
            } else if (state.get().pending()) {
              found.add(null);
            } else {
              machine.movedOnWithoutLock(state.get(), status.status(), status.error());
              found.add(true);
            }
          }
          return found;
        });
  }

  private Boolean alone(ProviderStatus status) {
    return deliveries.recordProviderStatusById(
        status.companyId(),
        status.channelId(),
        status.providerMessageId(),
        status.status(),
        status.error());
  }
}
