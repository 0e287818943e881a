package com.omnichannel.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the topics are declared, by whichever service starts first ({@code omni.topics.*}).
 *
 * @param partitions partitions of every topic: the most consumers of a group that get work
 * @param replicationFactor copies of every partition the brokers keep
 */
@ConfigurationProperties("omni.topics")
record TopicProperties(int partitions, short replicationFactor) {}
