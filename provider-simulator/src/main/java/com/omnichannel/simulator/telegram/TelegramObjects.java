package com.omnichannel.simulator.telegram;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The Bot API's objects the simulator sends and takes, in the Bot API's spelling. */
final class TelegramObjects {

  private TelegramObjects() {}

  /**
   * The body of {@code sendMessage}.
   *
   * @param chatId a number, or a string: the Bot API takes both
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SendMessage(@JsonProperty("chat_id") String chatId, @JsonProperty("text") String text) {}

  /** Every Bot API answer: {@code ok} and a result, or an error code and its description. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Answer(
      @JsonProperty("ok") boolean ok,
      @JsonProperty("result") Object result,
      @JsonProperty("error_code") Integer errorCode,
      @JsonProperty("description") String description) {

    static Answer of(Object result) {
      return new Answer(true, result, null, null);
    }

    static Answer error(int code, String description) {
      return new Answer(false, null, code, description);
    }
  }

  /** What Telegram posts to a bot's webhook; here, only a new message. */
  record Update(
      @JsonProperty("update_id") long updateId, @JsonProperty("message") Message message) {}

  /**
   * @param date unix seconds
   */
  record Message(
      @JsonProperty("message_id") long messageId,
      @JsonProperty("from") User from,
      @JsonProperty("chat") Chat chat,
      @JsonProperty("date") long date,
      @JsonProperty("text") String text) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record User(
      @JsonProperty("id") long id,
      @JsonProperty("is_bot") boolean isBot,
      @JsonProperty("first_name") String firstName,
      @JsonProperty("username") String username) {}

  /** A private chat: its id is the user's. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Chat(
      @JsonProperty("id") long id,
      @JsonProperty("first_name") String firstName,
      @JsonProperty("type") String type) {

    static Chat privateWith(long userId, String firstName) {
      return new Chat(userId, firstName, "private");
    }
  }
}
