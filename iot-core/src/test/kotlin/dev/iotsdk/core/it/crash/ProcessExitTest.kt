package dev.iotsdk.core.it.crash

import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runInterruptible
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * A program that closes its clients exits: HiveMQ keeps a disconnected client's session (and its Netty threads, which
 * keep a JVM alive) for 1.1 × the session expiry in case that client object reconnects, so a persistent-session
 * connection, including one lost and replaced, must let go of everything it registered when it is closed.
 */
class ProcessExitTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        for (version in listOf("MQTT_5", "MQTT_3_1_1")) {
            test("$version: a device on a one-hour persistent session, reconnected once, exits when main returns") {
                runDevice(requireNotNull(emulator.plainPort), version, "takeover")
            }

            test("$version: a device whose connection dropped with a QoS 1 message unacknowledged exits") {
                DroppingBroker().use { broker ->
                    runDevice(broker.port, version, "unacked")
                    broker.dropped.get() shouldBeGreaterThan 0
                }
            }
        }
    })

/** Runs [ExitingDevice]'s [scenario] in its own JVM and checks that it finished its work and that the JVM exited. */
private suspend fun runDevice(port: Int, version: String, scenario: String) = coroutineScope {
    val process = ProcessBuilder(deviceJvmCommand(MAIN, "$port", version, scenario))
        .redirectError(File("target/exiting-device-$version-$scenario.err"))
        .start()
    val printed = async(Dispatchers.IO) { process.inputStream.bufferedReader().readLines() }
    // the device's own work is bounded by 60 s; a JVM kept alive by a leftover thread never exits
    val exited = runInterruptible(Dispatchers.IO) { process.waitFor(90, TimeUnit.SECONDS) }
    if (!exited) process.toHandle().destroyForcibly()
    printed.await().lastOrNull() shouldBe "DONE"
    exited shouldBe true
    process.exitValue() shouldBe 0
}

private const val MAIN = "dev.iotsdk.core.it.crash.ExitingDeviceKt"
