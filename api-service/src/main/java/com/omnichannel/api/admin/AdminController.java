package com.omnichannel.api.admin;

import com.omnichannel.api.company.CompanyProvisioning;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Operator-only provisioning, guarded by the admin token ({@code OMNI_ADMIN_TOKEN}). */
@RestController
class AdminController {

  private final CompanyProvisioning provisioning;

  AdminController(CompanyProvisioning provisioning) {
    this.provisioning = provisioning;
  }

  record NewCompany(@NotBlank @Size(max = 200) String name) {}

  @Operation(
      summary = "Create a company with its AI user and first API key",
      description = "The API key is in this response only; it is stored as a hash.")
  @PostMapping("/admin/companies")
  ResponseEntity<CompanyProvisioning.CreatedCompany> createCompany(
      @Valid @RequestBody NewCompany company) {
    var created = provisioning.createCompany(company.name().strip());
    return ResponseEntity.created(URI.create("/companies/" + created.id())).body(created);
  }
}
