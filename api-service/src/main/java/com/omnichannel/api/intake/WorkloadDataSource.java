package com.omnichannel.api.intake;

import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * The application's one data source, which lends each thread a connection from its workload's pool:
 * a request's from the intake pool, everything else's from the background pool. Background work
 * that is behind can then hold every connection of its own pool and still take none that a webhook
 * waits for.
 */
final class WorkloadDataSource extends AbstractRoutingDataSource {

  WorkloadDataSource(DataSource intake, DataSource background) {
    setTargetDataSources(Map.of(Workload.INTAKE, intake, Workload.BACKGROUND, background));
    setDefaultTargetDataSource(background);
    setLenientFallback(false);
    afterPropertiesSet();
  }

  @Override
  protected Object determineCurrentLookupKey() {
    return Workload.current();
  }
}
