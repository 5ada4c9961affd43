package dev.iotsdk.test

import dev.iotsdk.core.MqttMessage

/**
 * Called with each message the code under test publishes through a [FakeIotMqttClient], after it is recorded: the
 * place to play the service side (answer a request with [FakeIotMqttClient.deliver]). It runs on the publishing
 * coroutine's thread before `publish` returns; it must not block.
 *
 * ```kotlin
 * fake.onPublish("\$aws/things/lamp/shadow/get") { fake.deliver("\$aws/things/lamp/shadow/get/accepted", "{}") }
 * ```
 * ```java
 * fake.onPublish("cmd/ack", message -> acks.add(message.payloadAsString()));
 * ```
 */
public fun interface PublishListener {
    /** Called with [message], just published by the client. */
    public fun onPublish(message: MqttMessage)
}
