package com.omnichannel.api.intake;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The two connection pools and the data source that routes between them. The intake pool is the one
 * {@code spring.datasource.hikari.*} describes (DATABASE_POOL_SIZE and the rest); the background
 * pool has the same settings but its size, {@code omni.intake.background-pool-size}. Both are
 * Hikari pools of their own name, so each shows in the pool metrics ({@code hikaricp_*{pool}}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
class IntakeDataSources {

  static final String INTAKE_POOL = "intake";
  static final String BACKGROUND_POOL = "background";

  /** How long the service waits at start-up for the database to accept a first connection. */
  static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

  @Bean(destroyMethod = "close")
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource intakePool(DataSourceProperties properties) {
    HikariDataSource pool =
        properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    pool.setPoolName(INTAKE_POOL);
    return pool;
  }

  @Bean(destroyMethod = "close")
  HikariDataSource backgroundPool(
      @Qualifier("intakePool") HikariDataSource intake, IntakeProperties properties) {
    HikariConfig config = new HikariConfig();
    intake.copyStateTo(config);
    config.setPoolName(BACKGROUND_POOL);
    config.setMaximumPoolSize(properties.backgroundPoolSize());
    // This pool starts with the service and its first users are the schema migrations: it keeps
    // trying for a first connection for a while, as a database that is itself starting, or a
    // machine busy starting every process at once, takes longer than one connection timeout to
    // accept. The intake pool, started by the first request, fails as fast as a request must.
    config.setInitializationFailTimeout(STARTUP_WAIT.toMillis());
    if (config.getMinimumIdle() > properties.backgroundPoolSize()) {
      config.setMinimumIdle(properties.backgroundPoolSize());
    }
    return new HikariDataSource(config);
  }

  @Bean
  @Primary
  DataSource dataSource(
      @Qualifier("intakePool") HikariDataSource intake,
      @Qualifier("backgroundPool") HikariDataSource background) {
    return new WorkloadDataSource(intake, background);
  }
}
