package dev.iotsdk.samples

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.jobs.JobOutcome
import dev.iotsdk.jobs.JobRunner
import dev.iotsdk.jobs.JobRunnerEvent
import dev.iotsdk.jobs.JobsClient
import dev.iotsdk.samples.dataplane.dataPlaneTour
import dev.iotsdk.samples.greengrass.greengrassTour
import dev.iotsdk.samples.provisioning.provisioningTour
import dev.iotsdk.shadow.ShadowClient
import dev.iotsdk.shadow.ShadowSync
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.system.exitProcess
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The tour: a local AWS IoT Core starts in-process, a device connects over mutual TLS, subscribes, publishes and
 * receives its own message, is thrown off by the server, reconnects by itself, and carries on; then it keeps its
 * settings in step with its Device Shadow and runs a job; a companion app uses the HTTPS data plane; a factory-fresh
 * device provisions itself from a claim
 * certificate, and a Greengrass client device discovers its core and connects to it.
 */
public object Demo {
    private val start = System.nanoTime()

    private fun say(what: String) {
        val ms = (System.nanoTime() - start) / 1_000_000
        println(String.format("[%6d ms] %s", ms, what))
    }

    /** Runs the tour; exits non-zero if any step fails. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val ok = runCatching { runBlocking { tour() } }
        ok.exceptionOrNull()?.let {
            say("FAILED: ${it.javaClass.simpleName}: ${it.message}")
            exitProcess(1)
        }
        say("done")
        exitProcess(0)
    }

    private suspend fun tour() = kotlinx.coroutines.coroutineScope {
        say("starting the embedded AWS IoT emulator")
        IotEmulator.start().use { emulator ->
            say(
                "emulator ready: endpoint ${emulator.endpoint}, mutual TLS on ${emulator.mqttPort}, ALPN port " +
                    "${emulator.port443}",
            )
            val device = emulator.registerThing("demo-device")
            say(
                "registered thing 'demo-device', certificate ${device.certificateId.take(
                    12,
                )}… at ${device.certificatePath}",
            )

            val client = IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.mqttPort
                connectionType =
                    ConnectionType.MutualTls(TlsIdentity.fromPemFiles(device.certificatePath, device.privateKeyPath))
                trust = TrustMaterial.fromPemFile(emulator.caPath)
                clientId = "demo-device"
                reconnect = ReconnectPolicy(baseDelay = 200.milliseconds, maxDelay = 2.seconds)
            }
            client.use {
                val events = launch {
                    client.events.collect { e ->
                        when (e) {
                            is LifecycleEvent.AttemptingConnect -> say(
                                "  connection: attempt #${e.attempt} to ${e.endpoint}:${e.port}",
                            )
                            is LifecycleEvent.ConnectionSuccess -> say(
                                "  connection: connected (session present: ${e.settings.sessionPresent})",
                            )
                            is LifecycleEvent.Disconnection -> say("  connection: lost — ${e.cause.message}")
                            is LifecycleEvent.ConnectionFailure -> say(
                                "  connection: attempt failed — ${e.cause.message}",
                            )
                            LifecycleEvent.Stopped -> say("  connection: stopped")
                        }
                    }
                }
                say("connecting over mutual TLS")
                client.connect()

                val topic = "devices/demo-device/telemetry"
                say("subscribing to $topic and publishing a reading")
                exchange(client, topic, """{"temperature":21.5}""")

                say("the server forcibly disconnects the device (as AWS IoT does on a duplicate client id)")
                val reconnected = async { client.events.first { it is LifecycleEvent.ConnectionSuccess } }
                emulator.disconnectClient("demo-device")
                withTimeout(15.seconds) { reconnected.await() }
                say("reconnected by itself; the subscription is restored")

                exchange(client, topic, """{"temperature":22.0}""")
                events.cancel()

                shadowStep(emulator, client)
                jobsStep(emulator, client)
                client.disconnect()
            }
            say("Data plane: a companion app reads and changes the device's shadow over HTTPS (SigV4)")
            dataPlaneTour(emulator, ::say)
            say("Fleet Provisioning: a factory-fresh device with a claim certificate gets its own identity")
            provisioningTour(emulator, ::say)
            say("Greengrass: a client device discovers its core and connects to it")
            greengrassTour(emulator, ::say)
        }
    }

    /** Device Shadow: the device keeps its settings in step with the shadow while a companion app changes them. */
    private suspend fun shadowStep(emulator: IotEmulator, client: IotMqttClient) = kotlinx.coroutines.coroutineScope {
        say("Device Shadow: the device starts a state sync of its settings")
        ShadowClient(client, "demo-device").use { shadow ->
            val sync = ShadowSync(shadow, DemoSettings()) { wanted ->
                say("  device: applying $wanted")
                wanted
            }
            val job = sync.start(this)
            val first = withTimeout(10.seconds) { sync.version.first { it != null } }!!
            say("  shadow reported at version $first; the companion app now asks for a 5 s reporting interval")
            emulator.updateShadow("demo-device", null, """{"state":{"desired":{"intervalSeconds":5}}}""")
            withTimeout(10.seconds) { sync.version.first { it != null && it >= first + 2 } }
            say("  shadow now: ${emulator.shadow("demo-device")?.let { it.substringBefore(",\"metadata\"") + "}" }}")
            job.cancel()
        }
    }

    /** Jobs: a job is queued for the device and the job runner applies it. */
    private suspend fun jobsStep(emulator: IotEmulator, client: IotMqttClient) = kotlinx.coroutines.coroutineScope {
        say("Jobs: the device runs a job runner; the cloud queues a firmware-check job")
        JobsClient(client, "demo-device").use { jobs ->
            val runner = JobRunner(jobs) { job ->
                say("  device: running ${job.jobId} with ${job.document}")
                job.reportProgress(mapOf("step" to "checking"))
                JobOutcome.Succeeded(mapOf("firmware" to "up to date"))
            }
            val finished = async { runner.events.first { it is JobRunnerEvent.Finished } }
            val work = runner.launchIn(this)
            emulator.createJob("demo-job-1", """{"operation":"firmware-check"}""", listOf("demo-device"))
            withTimeout(15.seconds) { finished.await() }
            val execution = emulator.jobExecution("demo-device", "demo-job-1")
            say("  job demo-job-1 is ${execution?.status} with ${execution?.statusDetails}")
            work.cancel()
        }
    }

    private suspend fun exchange(client: IotMqttClient, topic: String, payload: String) {
        // openSubscription returns after the SUBACK: one publish is enough
        client.openSubscription(topic, Qos.AT_LEAST_ONCE).use { sub ->
            val r = client.publish(MqttMessage.text(topic, payload, Qos.AT_LEAST_ONCE))
            say("  published $payload (PUBACK: ${if (r.reasonCode == 0) "success" else "reason ${r.reasonCode}"})")
            val received = withTimeout(10.seconds) { sub.messages.first() }
            say("  received on ${received.topic}: ${received.payloadAsString()}")
        }
    }
}
