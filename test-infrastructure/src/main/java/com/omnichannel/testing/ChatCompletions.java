package com.omnichannel.testing;

/** Chat-completions responses, as an OpenAI-compatible model answers, for stub servers. */
public final class ChatCompletions {

  private ChatCompletions() {}

  /** An answer with {@code content} (null: none) and no tool call. */
  public static String answer(String content) {
    return response(content, null);
  }

  /** An answer that calls the hand-off tool with this reason, and says {@code content} too. */
  public static String handoff(String content, String reason) {
    return response(content, "{\"reason\": " + quote(reason) + "}");
  }

  /**
   * An answer whose hand-off tool call carries {@code toolArguments} exactly, readable JSON or not
   * (null: no tool call).
   */
  public static String response(String content, String toolArguments) {
    String toolCalls =
        toolArguments == null
            ? ""
            : ", \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\", \"function\":"
                + " {\"name\": \"hand_off_to_human\", \"arguments\": "
                + quote(toolArguments)
                + "}}]";
    return "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion\", \"choices\": [{\"index\": 0,"
        + " \"message\": {\"role\": \"assistant\", \"content\": "
        + (content == null ? "null" : quote(content))
        + toolCalls
        + "}, \"finish_reason\": \"stop\"}]}";
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
