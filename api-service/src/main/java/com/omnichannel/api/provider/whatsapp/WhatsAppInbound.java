package com.omnichannel.api.provider.whatsapp;

import static com.omnichannel.api.provider.whatsapp.WhatsAppNotification.each;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.InboundMessage;
import com.omnichannel.api.conversation.Media;
import com.omnichannel.api.conversation.MessageType;
import com.omnichannel.api.provider.ProviderEvents;
import com.omnichannel.api.provider.StatusUpdate;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Change;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Contact;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Entry;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Interactive;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Location;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.MediaObject;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Reaction;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Status;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.StatusError;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.Value;
import com.omnichannel.api.provider.whatsapp.WhatsAppNotification.WhatsAppMessage;
import com.omnichannel.api.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Meta's notification into our messages and statuses. Every message of every change is one
 * inbound message, whatever its type: a type this backend does not know is stored as {@code
 * unsupported}, never refused. A message that names no sender we can store (no id, or a sender that
 * is not a phone number) is logged and skipped: Meta's retries could not change it.
 */
final class WhatsAppInbound {

  private static final Logger log = LoggerFactory.getLogger(WhatsAppInbound.class);
  private static final String FAILED_WITHOUT_REASON = "WhatsApp reported the message failed";

  private WhatsAppInbound() {}

  static ProviderEvents read(Channel channel, WhatsAppNotification notification) {
    if (!WhatsAppNotification.BUSINESS_ACCOUNT.equals(notification.object())) {
      log.info(
          "Channel {}: notification of object {} ignored", channel.id(), notification.object());
      return ProviderEvents.NONE;
    }
    List<InboundMessage> messages = new ArrayList<>();
    List<StatusUpdate> statuses = new ArrayList<>();
    for (Entry entry : each(notification.entry())) {
      for (Change change : each(entry.changes())) {
        Value value = change.value();
        if (!WhatsAppNotification.MESSAGES_FIELD.equals(change.field())
            || value == null
            || !forThisNumber(channel, value)) {
          continue;
        }
        for (WhatsAppMessage message : each(value.messages())) {
          inbound(channel, value, message).ifPresent(messages::add);
        }
        for (Status status : each(value.statuses())) {
          status(status).ifPresent(statuses::add);
        }
      }
    }
    return new ProviderEvents(messages, statuses);
  }

  /**
   * Whether the change is about the channel's own number. An app's webhook carries every number of
   * its business accounts; another number's messages are not this channel's to store.
   */
  private static boolean forThisNumber(Channel channel, Value value) {
    String number = value.metadata() == null ? null : value.metadata().phoneNumberId();
    String own = channel.config(ProviderConfig.WhatsAppCloud.class).phoneNumberId();
    if (number == null || number.equals(own)) {
      return true;
    }
    log.warn(
        "Channel {} (phone_number_id {}): change for phone_number_id {} ignored; give that number"
            + " a channel of its own and point its callback URL there",
        channel.id(),
        own,
        number);
    return false;
  }

  private static Optional<InboundMessage> inbound(
      Channel channel, Value value, WhatsAppMessage message) {
    if (message.id() == null || message.from() == null) {
      log.warn("Channel {}: message without id or from ignored", channel.id());
      return Optional.empty();
    }
    ContactAddress from;
    try {
      from = ContactAddress.parse(channel, message.from());
    } catch (InvalidRequestException e) {
      log.warn(
          "Channel {}: message {} ignored: its sender {} is not a phone number",
          channel.id(),
          message.id(),
          message.from());
      return Optional.empty();
    }
    MessageType type = MessageType.of(message.type());
    Media media = media(type, message);
    String text = text(type, message, media);
    return Optional.of(
        new InboundMessage(
            from,
            contactName(value, message.from()),
            message.id(),
            type,
            text == null ? "" : text,
            media));
  }

  /** The profile name of the contact whose wa_id sent it, or of the only contact listed. */
  private static String contactName(Value value, String from) {
    List<Contact> contacts = each(value.contacts());
    Contact contact =
        contacts.stream()
            .filter(candidate -> from.equals(candidate.waId()))
            .findFirst()
            .orElse(contacts.size() == 1 ? contacts.get(0) : null);
    return contact == null || contact.profile() == null ? null : contact.profile().name();
  }

  private static Media media(MessageType type, WhatsAppMessage message) {
    return switch (type) {
      case IMAGE -> file(message.image());
      case AUDIO -> file(message.audio());
      case VIDEO -> file(message.video());
      case STICKER -> file(message.sticker());
      case DOCUMENT -> document(message.document());
      case LOCATION -> location(message.location());
      case CONTACTS -> sharedContact(message);
      case REACTION -> reaction(message.reaction());
      default -> null;
    };
  }

  private static Media file(MediaObject file) {
    return file == null ? null : Media.file(file.id(), file.mimeType(), file.caption());
  }

  private static Media document(MediaObject file) {
    return file == null
        ? null
        : Media.document(file.id(), file.mimeType(), file.caption(), file.filename());
  }

  private static Media location(Location location) {
    return location == null
        ? null
        : Media.location(
            location.latitude(), location.longitude(), location.name(), location.address());
  }

  /** The first shared contact, by its name. */
  private static Media sharedContact(WhatsAppMessage message) {
    return each(message.contacts()).stream()
        .map(contact -> contact.name() == null ? null : contact.name().formattedName())
        .filter(Objects::nonNull)
        .findFirst()
        .map(Media::contact)
        .orElse(null);
  }

  private static Media reaction(Reaction reaction) {
    return reaction == null ? null : Media.reaction(reaction.emoji(), reaction.messageId());
  }

  /** Its text: the body, the title of the reply chosen, the button's text, or the caption. */
  private static String text(MessageType type, WhatsAppMessage message, Media media) {
    return switch (type) {
      case TEXT -> message.text() == null ? null : message.text().body();
      case INTERACTIVE -> replyTitle(message.interactive());
      case BUTTON -> message.button() == null ? null : message.button().text();
      default -> media == null ? null : media.caption();
    };
  }

  private static String replyTitle(Interactive interactive) {
    if (interactive == null) {
      return null;
    }
    if (interactive.buttonReply() != null) {
      return interactive.buttonReply().title();
    }
    return interactive.listReply() == null ? null : interactive.listReply().title();
  }

  private static Optional<StatusUpdate> status(Status status) {
    DeliveryStatus ours = ours(status.status());
    if (status.id() == null || ours == null) {
      return Optional.empty();
    }
    return Optional.of(
        new StatusUpdate(status.id(), ours, ours == DeliveryStatus.FAILED ? error(status) : null));
  }

  /** sent, delivered, read and failed are ours too; any other (deleted, ...) changes nothing. */
  private static DeliveryStatus ours(String status) {
    if (status == null) {
      return null;
    }
    return switch (status) {
      case "sent" -> DeliveryStatus.SENT;
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "read" -> DeliveryStatus.READ;
      case "failed" -> DeliveryStatus.FAILED;
      default -> null;
    };
  }

  /** {@code "<code> <title>"} of the first error Meta gives. */
  private static String error(Status status) {
    return each(status.errors()).stream()
        .findFirst()
        .map(WhatsAppInbound::describe)
        .filter(described -> !described.isEmpty())
        .orElse(FAILED_WITHOUT_REASON);
  }

  private static String describe(StatusError error) {
    String code = error.code() == null ? "" : error.code().toString();
    String title = error.title() == null ? "" : error.title();
    return (code + " " + title).strip();
  }
}
