package dev.iotsdk.r8app

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.dataplane.PublishRequest
import dev.iotsdk.greengrass.GreengrassDiscoveryClient
import dev.iotsdk.jobs.JobOutcome
import dev.iotsdk.jobs.JobRunner
import dev.iotsdk.jobs.JobRunnerEvent
import dev.iotsdk.jobs.JobsClient
import dev.iotsdk.provisioning.CertificateMethod
import dev.iotsdk.provisioning.FleetProvisioning
import dev.iotsdk.provisioning.KeyType
import dev.iotsdk.provisioning.PemCredentialsStore
import dev.iotsdk.shadow.ShadowClient
import dev.iotsdk.shadow.ShadowSync
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.Serializable
import java.io.FileInputStream
import java.nio.file.Paths
import java.util.Properties
import kotlin.system.exitProcess
import kotlin.time.Duration.Companion.seconds

/**
 * A small consumer of the SDK, written the way an Android companion or device app would use it (Kotlin, coroutines,
 * the OkHttp engines), to be shrunk by R8 with nothing but the consumer rules our jars ship (build-tools/ANDROID.md).
 * The shrunk jar runs on the JVM against an emulator that `ShrunkAppTest` prepares; the settings come from the
 * properties file named by the only argument. Each step prints `STEP <name> OK <detail>`; any failure exits 1.
 */
@Serializable
data class Lamp(val power: String = "off", val color: String = "white")

fun main(args: Array<String>) {
    val p = Properties().apply { FileInputStream(args.single()).use { load(it) } }
    val outcome = runCatching { runBlocking { withTimeout(90.seconds) { App(p).run() } } }
    outcome.exceptionOrNull()?.let {
        println("FAILED ${it.javaClass.name}: ${it.message}")
        it.printStackTrace(System.out)
        exitProcess(1)
    }
    println("ALL OK")
    exitProcess(0)
}

private class App(private val p: Properties) {
    private fun prop(name: String): String = requireNotNull(p.getProperty(name)) { "missing property $name" }
    private val endpoint = prop("endpoint")
    private val thing = prop("thing")
    private val trust = TrustMaterial.fromPemFile(Paths.get(prop("caPath")))
    private val identity = TlsIdentity.fromPemFiles(Paths.get(prop("certPath")), Paths.get(prop("keyPath")))

    private fun step(name: String, detail: String) = println("STEP $name OK $detail")

    private fun mqtt(port: Int, alpn: Boolean) = IotMqttClient {
        endpoint = this@App.endpoint
        this.port = port
        connectionType = ConnectionType.MutualTls(identity, alpn)
        trust = this@App.trust
        clientId = thing
    }

    suspend fun run() {
        mqtt(prop("mqttPort").toInt(), alpn = false).use { client ->
            client.connect()
            roundTrip(client, "apps/$thing/echo")
            step("mqtt-mtls", "round trip on 8883-role port")
            val java = client.asJava().publish(
                MqttMessage.text("apps/$thing/java", "from the Java view", Qos.AT_LEAST_ONCE),
            ).get()
            step("java-view", "PUBACK reason ${java.reasonCode}")
            shadow(client)
            jobs(client)
            client.disconnect()
        }
        mqtt(prop("port443").toInt(), alpn = true).use { client ->
            client.connect()
            client.publish(MqttMessage.text("apps/$thing/alpn", "over 443", Qos.AT_LEAST_ONCE))
            step("mqtt-alpn", "connected and published with ALPN x-amzn-mqtt-ca")
            client.disconnect()
        }
        dataPlane()
        provisioning()
        greengrass()
    }

    private suspend fun roundTrip(client: IotMqttClient, topic: String) {
        // returns after the SUBACK: one publish is enough
        client.openSubscription(topic, Qos.AT_LEAST_ONCE).use { sub ->
            client.publish(MqttMessage.text(topic, "ping", Qos.AT_LEAST_ONCE))
            check(withTimeout(10.seconds) { sub.messages.first() }.payloadAsString() == "ping")
        }
    }

    /** The harness set `desired.power = on` before the app started; the typed sync must apply and report it. */
    private suspend fun shadow(client: IotMqttClient) = coroutineScope {
        ShadowClient(client, thing).use { shadow ->
            val sync = ShadowSync(shadow, Lamp()) { wanted -> wanted }
            val job = sync.start(this)
            val state = withTimeout(15.seconds) { sync.state.first { it.power == prop("desiredPower") } }
            withTimeout(15.seconds) { sync.version.first { it != null } }
            step("shadow", "synced $state at version ${sync.version.value}")
            job.cancel()
        }
    }

    /** The harness queued a job for the thing; the runner must run it to SUCCEEDED. */
    private suspend fun jobs(client: IotMqttClient) = coroutineScope {
        JobsClient(client, thing).use { jobs ->
            val runner = JobRunner(jobs) { job ->
                job.reportProgress(mapOf("step" to "applying"))
                JobOutcome.Succeeded(mapOf("ran" to job.jobId))
            }
            val finished = async { runner.events.first { it is JobRunnerEvent.Finished } }
            val work = runner.launchIn(this)
            step("jobs", "finished ${withTimeout(15.seconds) { finished.await() }}")
            work.cancel()
        }
    }

    /** A companion app's HTTPS calls on the OkHttp engine (SigV4). */
    private suspend fun dataPlane() {
        IotDataPlaneClient {
            endpoint = "https://${this@App.endpoint}:${prop("port443")}"
            region = prop("region")
            credentialsProvider =
                StaticCredentialsProvider(Credentials(prop("accessKeyId"), prop("secretAccessKey"), null))
            trust = this@App.trust
            engine = HttpEngine.OKHTTP
        }.use { app ->
            val shadow = app.getThingShadow(thing)
            check(shadow.state?.reported.toString().contains(prop("desiredPower"))) {
                "reported state ${shadow.state?.reported}"
            }
            app.publish(
                PublishRequest("apps/$thing/status", """{"online":true}""".encodeToByteArray(), qos = 1, retain = true),
            )
            val retained = app.getRetainedMessage("apps/$thing/status")
            step("dataplane-okhttp", "shadow version ${shadow.version}, retained ${retained.payloadAsString()}")
        }
    }

    /** A factory-fresh device: claim certificate, CSR made on the device, RegisterThing, then its own identity. */
    private suspend fun provisioning() {
        val claim = TlsIdentity.fromPemFiles(Paths.get(prop("claimCertPath")), Paths.get(prop("claimKeyPath")))
        val provisioning = FleetProvisioning {
            this.claim = IotMqttClientConfig {
                endpoint = this@App.endpoint
                port = prop("mqttPort").toInt()
                connectionType = ConnectionType.MutualTls(claim)
                trust = this@App.trust
                clientId = "factory-fresh-${prop("serial")}"
            }
            templateName = prop("template")
            parameters = mapOf("SerialNumber" to prop("serial"))
            store = PemCredentialsStore(Paths.get(prop("identityFile")))
            certificateMethod = CertificateMethod.GenerateCsr(KeyType.EC_P256)
        }
        provisioning.connectOrProvision().use { device ->
            device.client.publish(
                "telemetry/${device.credentials.thingName}",
                """{"firstBoot":true}""".encodeToByteArray(),
                Qos.AT_LEAST_ONCE,
            )
            step("provisioning", "now ${device.credentials.thingName}")
        }
    }

    /** Greengrass discovery on the OkHttp engine (port 8443), then MQTT to the discovered core. */
    private suspend fun greengrass() {
        GreengrassDiscoveryClient {
            endpoint = this@App.endpoint
            port = prop("port8443").toInt()
            identity = this@App.identity
            trust = this@App.trust
            engine = HttpEngine.OKHTTP
        }.use { discovery ->
            val info = discovery.discover(thing)
            val connection = discovery.connectToCore(info, clientId = thing)
            connection.client.use { client ->
                client.publish(MqttMessage.text("greengrass/$thing", "through the core"))
                step(
                    "greengrass-okhttp",
                    "core ${info.allCores.single().thingArn} at port ${connection.endpoint.connectivity.portNumber}",
                )
            }
        }
    }
}
