package dev.iotsdk.core.it.durable

import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.DurableQueueLockedException
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.Qos
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.internal.durable.DurableLog
import dev.iotsdk.core.it.eventually
import dev.iotsdk.core.it.tcpClient
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import java.io.File
import java.nio.file.Files
import java.util.BitSet
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 26's kill test: a device JVM publishes a 10,000-message QoS 1 stream through the durable queue and is killed
 * with SIGKILL (`destroyForcibly`) at 20 random moments, each time restarted on the same directory from the message
 * after the last publish that returned. A subscriber must receive every message at least once.
 */
class DurableQueueKillTest :
    FunSpec({
        val broker = MosquittoBroker.start()
        afterSpec { broker.close() }

        val total = 10_000
        val kills = 20

        fun startDevice(dir: File, start: Int, fsync: String): Process {
            val java = File(System.getProperty("java.home"), "bin/java").path
            return ProcessBuilder(
                java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DurableDevice::class.java.name,
                broker.host, broker.plainPort.toString(), dir.path, start.toString(), total.toString(), fsync,
            ).redirectError(
                File(dir.parentFile, "${dir.name}-device.log").also { it.delete() }.let {
                    ProcessBuilder.Redirect.appendTo(it)
                },
            ).start()
        }

        test("every message returned by publish arrives although the device is killed 20 times") {
            val seed = System.nanoTime()
            val random = Random(seed)
            val dir = Files.createTempDirectory("durable-kill").toFile()
            val seen = BitSet(total)
            val received = AtomicInteger()
            // MQTT 3.1.1: mosquitto 2.0.11 breaks an MQTT 5 client's receive maximum once it queues for it (fixed in
            // 2.0.13; see docs/iot-core.md), and HiveMQ's client then disconnects with RECEIVE_MAXIMUM_EXCEEDED
            broker.tcpClient("durable-subscriber") { mqttVersion = MqttVersion.MQTT_3_1_1 }.use { subscriber ->
                subscriber.connect()
                val sub = subscriber.openSubscription(Subscription(DurableDevice.TOPIC, Qos.AT_LEAST_ONCE))
                // not on the test's thread, which blocks reading the device's output
                val collector = launch(Dispatchers.Default) {
                    sub.messages.collect { m ->
                        synchronized(seen) { seen.set(m.payloadAsString().toInt()) }
                        received.incrementAndGet()
                    }
                }
                // kill points: after these many returned publishes (sorted), some of them in the same run
                val points = List(kills) { random.nextInt(total) }.sorted()
                var next = 0
                var lockChecked = false
                val started = System.nanoTime()
                for ((k, point) in points.withIndex()) {
                    val fsync = if (k % 2 == 0) "message" else "50"
                    val device = startDevice(dir, next, fsync)
                    val lines = device.inputStream.bufferedReader()
                    lines.lineSequence().first { it == "READY" }
                    if (!lockChecked) {
                        // the running device holds the directory: another process or client gets a typed error
                        shouldThrow<DurableQueueLockedException> { DurableLog.open(DurableQueue(dir.toPath())) }
                        lockChecked = true
                    }
                    // kill once it returned the publish of message `point`, or at once if that is already done
                    var last = next - 1
                    while (last < point) {
                        val line = lines.readLine() ?: break
                        // the device's log lines go to its stdout too
                        line.toIntOrNull()?.let { last = it }
                    }
                    // SIGKILL through the handle: Process.destroyForcibly would also close our end of its stdout
                    device.toHandle().destroyForcibly()
                    device.waitFor(10, TimeUnit.SECONDS) shouldBe true
                    // what it printed before it died: those publishes returned
                    lines.lineSequence().mapNotNull { it.toIntOrNull() }.lastOrNull()?.let { last = maxOf(last, it) }
                    next = last + 1
                }
                val device = startDevice(dir, next, "message")
                val output = device.inputStream.bufferedReader().readLines()
                device.waitFor(30, TimeUnit.SECONDS) shouldBe true
                output.contains("DONE") shouldBe true
                eventually(30.seconds, "all $total messages") { synchronized(seen) { seen.cardinality() } == total }
                val duplicates = received.get() - total
                println(
                    "DurableQueueKillTest: seed $seed, $kills kills at $points, $total distinct messages received, " +
                        "$duplicates duplicates, ${(System.nanoTime() - started) / 1_000_000} ms",
                )
                collector.cancel()
                sub.close()
            }
        }
    })
