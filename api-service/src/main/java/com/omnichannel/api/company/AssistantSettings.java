package com.omnichannel.api.company;

import com.omnichannel.api.web.ResourceNotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A company's instructions to its AI assistant, which the worker gives the model. */
@Service
public class AssistantSettings {

  /** The most characters a company's instructions may have. */
  public static final int MAX_INSTRUCTIONS_LENGTH = 4000;

  private final JdbcClient jdbc;
  private final CompanyDirectory directory;

  AssistantSettings(JdbcClient jdbc, CompanyDirectory directory) {
    this.jdbc = jdbc;
    this.directory = directory;
  }

  /** The assistant as the API shows it. */
  public record AssistantView(long companyId, String companyName, String instructions) {}

  @Transactional(readOnly = true)
  public AssistantView get(long companyId) {
    var assistant =
        directory
            .assistantOf(companyId)
            .orElseThrow(
                () -> new ResourceNotFoundException("Company " + companyId + " not found"));
    return new AssistantView(companyId, assistant.companyName(), assistant.instructions());
  }

  /** Sets the instructions; null or blank clears them. */
  @Transactional
  public AssistantView set(long companyId, String instructions) {
    String stored = instructions == null || instructions.isBlank() ? null : instructions.strip();
    int changed =
        jdbc.sql("UPDATE companies SET assistant_instructions = ? WHERE id = ?")
            .params(stored, companyId)
            .update();
    if (changed == 0) {
      throw new ResourceNotFoundException("Company " + companyId + " not found");
    }
    directory.assistantChanged(companyId);
    String name =
        jdbc.sql("SELECT name FROM companies WHERE id = ?")
            .param(companyId)
            .query(String.class)
            .single();
    return new AssistantView(companyId, name, stored);
  }
}
