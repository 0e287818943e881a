package com.omnichannel.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.testing.InfrastructureInitializer;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The contact upsert against the real schema. */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(initializers = InfrastructureInitializer.class)
@TestPropertySource(properties = "spring.config.name=api-service")
@Import(ContactRepository.class)
class ContactRepositoryTest {

  @Autowired ContactRepository contacts;

  @Test
  void oneAddressIsOneContactPerCompany() {
    String phone = "+1222" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    var address = new ContactAddress(phone, null);

    long first = contacts.findOrCreate(1, address);
    long again = contacts.findOrCreate(1, address);
    long otherCompany = contacts.findOrCreate(2, address);

    assertThat(again).isEqualTo(first);
    assertThat(otherCompany).isNotEqualTo(first);
  }

  @Test
  void emailAndPhoneContactsAreDistinct() {
    long byEmail =
        contacts.findOrCreate(
            1, new ContactAddress(null, "x" + System.nanoTime() + "@example.com"));
    long byOtherEmail =
        contacts.findOrCreate(
            1, new ContactAddress(null, "y" + System.nanoTime() + "@example.com"));

    assertThat(byEmail).isNotEqualTo(byOtherEmail);
  }
}
