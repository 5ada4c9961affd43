package dev.iotsdk.test

import dev.iotsdk.core.MqttMessage
import kotlinx.coroutines.runBlocking
import java.util.function.Predicate
import kotlin.time.toKotlinDuration

/**
 * The awaiting functions of a [FakeIotMqttClient] for Java and for tests that do not run in a coroutine: each blocks
 * the calling thread until what it waits for happens or the timeout passes, then throws [AssertionError]. Get it from
 * [FakeIotMqttClient.blocking].
 *
 * ```java
 * FakeIotMqttClient fake = new FakeIotMqttClient("thermostat-1");
 * fake.blocking().awaitSubscribed("cmd/thermostat-1", Duration.ofSeconds(5));
 * fake.deliver("cmd/thermostat-1", "{\"target\":21.0}");
 * MqttMessage state = fake.blocking().awaitPublish("state/thermostat-1", Duration.ofSeconds(5),
 *     m -> m.payloadAsString().contains("21.0"));
 * ```
 */
public class FakeIotMqttClientBlocking internal constructor(private val fake: FakeIotMqttClient) {
    /**
     * Returns the first publish (recorded since [FakeIotMqttClient.clearPublished]) to a topic matching [topicFilter]
     * (`null`: any topic) for which [predicate] holds; see [FakeIotMqttClient.awaitPublish].
     */
    public fun awaitPublish(
        topicFilter: String?,
        timeout: java.time.Duration,
        predicate: Predicate<MqttMessage>,
    ): MqttMessage = runBlocking { fake.awaitPublish(topicFilter, timeout.toKotlinDuration()) { predicate.test(it) } }

    /** Returns the first publish to a topic matching [topicFilter] (`null`: any topic); see [FakeIotMqttClient.awaitPublish]. */
    public fun awaitPublish(topicFilter: String?, timeout: java.time.Duration): MqttMessage =
        awaitPublish(topicFilter, timeout) { true }

    /** Blocks until the broker holds [filter]; see [FakeIotMqttClient.awaitSubscribed]. */
    public fun awaitSubscribed(filter: String, timeout: java.time.Duration) {
        runBlocking { fake.awaitSubscribed(filter, timeout.toKotlinDuration()) }
    }

    /** Blocks until an UNSUBSCRIBE of [filter] was sent; see [FakeIotMqttClient.awaitUnsubscribed]. */
    public fun awaitUnsubscribed(filter: String, timeout: java.time.Duration) {
        runBlocking { fake.awaitUnsubscribed(filter, timeout.toKotlinDuration()) }
    }

    override fun toString(): String = "FakeIotMqttClientBlocking($fake)"
}
