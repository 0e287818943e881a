package com.omnichannel.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.testing.ImportTestInfrastructure;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The contact upsert against the real schema. */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportTestInfrastructure
@TestPropertySource(properties = "spring.config.name=api-service")
@Import(ContactRepository.class)
class ContactRepositoryTest {

  @Autowired ContactRepository contacts;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void oneAddressIsOneContactPerCompany() {
    String phone = "+1222" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    var address = new ContactAddress(phone, null);

    long first = contacts.findOrCreate(1, address, null).id();
    long again = contacts.findOrCreate(1, address, null).id();
    long otherCompany = contacts.findOrCreate(2, address, null).id();

    assertThat(again).isEqualTo(first);
    assertThat(otherCompany).isNotEqualTo(first);
  }

  @Test
  void emailAndPhoneContactsAreDistinct() {
    long byEmail =
        contacts
            .findOrCreate(
                1, new ContactAddress(null, "x" + System.nanoTime() + "@example.com"), null)
            .id();
    long byOtherEmail =
        contacts
            .findOrCreate(
                1, new ContactAddress(null, "y" + System.nanoTime() + "@example.com"), null)
            .id();

    assertThat(byEmail).isNotEqualTo(byOtherEmail);
  }

  @Test
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  void aContactCreatedInARolledBackTransactionIsNotRemembered() {
    var transaction = new TransactionTemplate(transactions);
    var address =
        new ContactAddress(
            "+1444" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999)), null);

    long rolledBack =
        transaction.execute(
            status -> {
              status.setRollbackOnly();
              return contacts.findOrCreate(1, address, null).id();
            });
    long committed = transaction.execute(status -> contacts.findOrCreate(1, address, null).id());
    long remembered = transaction.execute(status -> contacts.findOrCreate(1, address, null).id());

    assertThat(committed).isNotEqualTo(rolledBack);
    assertThat(remembered).isEqualTo(committed);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM contacts WHERE id = ? AND phone = ?")
                .params(committed, address.phone())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }
}
