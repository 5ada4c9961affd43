package dev.iotsdk.core.it

import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.InvalidConfigurationException
import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.PayloadTooLargeException
import dev.iotsdk.core.Qos
import dev.iotsdk.core.UnsupportedQosException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.seconds

/** Bad input is refused before anything is sent: these clients point at a port nothing listens on. */
class BadInputTest :
    FunSpec({
        fun client() = IotMqttClient {
            endpoint = "localhost"
            port = 1
            connectionType = ConnectionType.Tcp()
            clientId = "bad-input"
        }

        test("invalid topics and filters are refused") {
            client().use { c ->
                shouldThrow<InvalidTopicException> { c.publish(MqttMessage.text("a/+/b", "x")) }
                shouldThrow<InvalidTopicException> { c.publish(MqttMessage.text("", "x")) }
                shouldThrow<InvalidTopicException> { c.subscribe("a/#/b") }
                shouldThrow<InvalidTopicException> {
                    c.publish(MqttMessage.text("\$aws/things/t/shadow/update", "{}", retain = true))
                }
                c.statistics().incompleteOperationCount shouldBe 0
            }
        }

        test("oversize payloads are refused") {
            client().use { c ->
                shouldThrow<PayloadTooLargeException> { c.publish("t", ByteArray(128 * 1024 + 1)) }.size shouldBe
                    128 * 1024 + 1
                c.statistics().incompleteOperationCount shouldBe 0
            }
        }

        test("QoS 2 is refused") {
            shouldThrow<UnsupportedQosException> { Qos.of(2) }.level shouldBe 2
        }

        test("out-of-range configuration is refused with the setting's name") {
            shouldThrow<InvalidConfigurationException> {
                IotMqttClientConfig {
                    endpoint = "x"
                    connectionType = ConnectionType.Tcp()
                    keepAlive = 5.seconds
                }
            }.message!!.contains("keepAlive") shouldBe true
            shouldThrow<InvalidConfigurationException> {
                IotMqttClientConfig {
                    endpoint = "x"
                    connectionType = ConnectionType.Tcp()
                    clientId = "\$GEN/x"
                }
            }
            shouldThrow<InvalidConfigurationException> { IotMqttClientConfig { connectionType = ConnectionType.Tcp() } }
        }
    })
