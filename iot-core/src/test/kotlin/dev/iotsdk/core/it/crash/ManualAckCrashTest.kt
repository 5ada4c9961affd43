package dev.iotsdk.core.it.crash

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.core.it.plainClient
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withTimeout
import java.io.BufferedReader
import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 26 item 3, through a process crash: a device that acknowledges each QoS 1 message after processing it is
 * killed (`kill -9`) twice while 500 messages stream to it (some published while it is dead); restarted on the same
 * persistent session, it processes every message at least once. The duplicates (processed, not yet acknowledged when
 * killed) are reported.
 */
class ManualAckCrashTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("kill -9 twice during 500 QoS 1 messages: every message is processed at least once") {
            val out = Files.createTempFile("manual-ack", ".log")
            val port = requireNotNull(emulator.plainPort)
            val processed = HashSet<String>()
            emulator.plainClient("crash-publisher").use { publisher ->
                publisher.connect()
                coroutineScope {
                    // the device subscribes first: it must hold the session before the stream starts
                    var device = Device.start(port, out.toString())
                    val stream = async(Dispatchers.Default) {
                        repeat(500) { publisher.publish(MqttMessage.text("crash/orders", "$it", Qos.AT_LEAST_ONCE)) }
                    }
                    for (killAfter in listOf(120, 150)) {
                        repeat(killAfter) { processed += device.nextLine() }
                        processed += device.kill()
                        device = Device.start(port, out.toString())
                    }
                    stream.await()
                    while (processed.size < 500) processed += device.nextLine()
                    processed += device.kill()
                }
            }
            val lines = Files.readAllLines(out)
            lines.toSet() shouldBe (0 until 500).map { "$it" }.toSet()
            println("ManualAckCrashTest: 500 messages, ${lines.size} processed, ${lines.size - 500} duplicates")
            Files.delete(out)
        }
    })

/** One run of [main] in its own JVM; its standard output is read line by line. */
private class Device(private val process: Process) {
    private val output: BufferedReader = process.inputStream.bufferedReader()

    /** The next line the device printed: `READY` or a processed payload (its log lines are skipped). */
    suspend fun nextLine(): String = withTimeout(30.seconds) {
        runInterruptible(Dispatchers.IO) {
            generateSequence { output.readLine() }.firstOrNull { it == "READY" || isPayload(it) }
        } ?: error("the device exited: ${process.waitFor()}")
    }

    /** Kills the device (SIGKILL) and returns what it printed that was not read yet. */
    suspend fun kill(): List<String> {
        // SIGKILL through the handle: Process.destroyForcibly would also close the output before it is read
        process.toHandle().destroyForcibly()
        process.waitFor(10, TimeUnit.SECONDS)
        return runInterruptible(Dispatchers.IO) {
            generateSequence { output.readLine() }.filter(::isPayload).toList()
        }
    }

    companion object {
        suspend fun start(port: Int, out: String): Device {
            val process = ProcessBuilder(deviceJvmCommand(MAIN, "$port", "crash-device", out))
                .redirectError(File("target/manual-ack-device.err"))
                .start()
            return Device(process).also { it.nextLine() shouldBe "READY" }
        }

        const val MAIN = "dev.iotsdk.core.it.crash.ManualAckDeviceKt"
    }
}

private fun isPayload(line: String) = line.isNotEmpty() && line.all(Char::isDigit)
