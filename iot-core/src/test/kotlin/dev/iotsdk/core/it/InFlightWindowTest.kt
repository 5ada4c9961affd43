package dev.iotsdk.core.it

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import dev.iotsdk.emulator.mosquitto.MosquittoConfig
import dev.iotsdk.emulator.proxy.TcpFaultProxy
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 23: the client keeps as many QoS 1 publishes in flight as the broker's receive maximum allows. It used to cap
 * its window at 256, so with a broker granting more (mosquitto without a limit: 65,535) every publish beyond 256 went
 * through the offline queue and its drainer instead of straight to the connection.
 */
class InFlightWindowTest :
    FunSpec({
        val broker = MosquittoBroker.start(MosquittoConfig(tls = false, maxInflightMessages = 0, maxQueuedMessages = 0))
        afterSpec { broker.close() }

        test("1,000 QoS 1 publishes are all in flight at once when the broker's receive maximum allows it") {
            TcpFaultProxy(broker.host, broker.plainPort).start().use { proxy ->
                broker.tcpClient("window-publisher") { port = proxy.port }.use { client ->
                    client.connect().serverReceiveMaximum shouldBe 65_535
                    // no acknowledgement comes back while the publishes are made: each one holds its slot
                    proxy.stall(true)
                    coroutineScope {
                        val sends = (0 until 1_000).map { i ->
                            async(start = CoroutineStart.UNDISPATCHED) {
                                client.publish(MqttMessage.text("window/t", "m$i", Qos.AT_LEAST_ONCE))
                            }
                        }
                        val stats = client.statistics()
                        stats.unackedOperationCount shouldBe 1_000L
                        stats.incompleteOperationCount shouldBe 1_000L
                        proxy.stall(false)
                        withTimeout(20.seconds) { sends.awaitAll() }.size shouldBe 1_000
                    }
                }
            }
        }
    })
