package com.omnichannel.api.company;

import com.omnichannel.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CompanyController {

  private final CompanyDirectory directory;

  CompanyController(CompanyDirectory directory) {
    this.directory = directory;
  }

  @Operation(
      summary = "List a company's users (the AI and the agents), to find author and owner ids")
  @GetMapping("/companies/{companyId}/users")
  public List<User> users(@PathVariable long companyId) {
    if (!directory.companyExists(companyId)) {
      throw new ResourceNotFoundException("Company " + companyId + " not found");
    }
    return directory.usersOf(companyId);
  }
}
