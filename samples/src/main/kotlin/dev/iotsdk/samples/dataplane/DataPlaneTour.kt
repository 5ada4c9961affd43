package dev.iotsdk.samples.dataplane

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.dataplane.PaginationConfig
import dev.iotsdk.dataplane.PublishRequest
import dev.iotsdk.dataplane.UserProperty
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.model.shadow.desired
import dev.iotsdk.shadow.ShadowClient
import dev.iotsdk.shadow.ShadowSync
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/** A data-plane client for [emulator]'s HTTPS endpoint with its registered credentials, trusting its CA. */
internal fun emulatorDataPlane(emulator: IotEmulator): IotDataPlaneClient = IotDataPlaneClient {
    endpoint = "https://${emulator.endpoint}:${emulator.port443}"
    region = emulator.region
    credentialsProvider = StaticCredentialsProvider(
        Credentials(
            emulator.credentials.accessKeyId,
            emulator.credentials.secretAccessKey,
            emulator.credentials.sessionToken,
        ),
    )
    trust = TrustMaterial.fromPemFile(emulator.caPath)
}

/**
 * The companion-app tour on a running [emulator]: a lamp (MQTT, mutual TLS, [ShadowSync]) keeps its shadow in step
 * while a phone app talks HTTPS only: it reads the shadow, sets `desired.power = on`, sees the lamp report it,
 * publishes a retained status message and lists the retained messages. Takes about a second.
 */
internal suspend fun dataPlaneTour(emulator: IotEmulator, say: (String) -> Unit): Unit = coroutineScope {
    val thing = "companion-lamp"
    val device = emulator.registerThing(thing)
    val mqtt = IotMqttClient {
        endpoint = emulator.endpoint
        port = emulator.mqttPort
        connectionType =
            ConnectionType.MutualTls(TlsIdentity.fromPemFiles(device.certificatePath, device.privateKeyPath))
        trust = TrustMaterial.fromPemFile(emulator.caPath)
        clientId = thing
    }
    mqtt.use {
        mqtt.connect()
        val shadow = ShadowClient(mqtt, thing)
        val sync = ShadowSync(shadow, Lamp()) { wanted ->
            say("  lamp: switching to power=${wanted.power}, color=${wanted.color}")
            wanted
        }
        val job = sync.start(this)
        withTimeout(10.seconds) { sync.version.first { it != null } }
        say("  lamp: online over MQTT, reported its state (shadow version ${sync.version.value})")

        emulatorDataPlane(emulator).use { app ->
            val before = app.getThingShadow(thing)
            say("  app (HTTPS): the lamp reports ${before.state?.reported}")
            val accepted = app.updateThingShadow(thing, ShadowState.desired(Lamp(power = "on", color = "amber")))
            say("  app (HTTPS): desired power=on, color=amber accepted as version ${accepted.version}")
            withTimeout(10.seconds) { sync.state.first { it.power == "on" } }
            withTimeout(10.seconds) { sync.version.first { (it ?: 0) > (accepted.version ?: 0) } }
            val after = app.getThingShadow(thing)
            say("  app (HTTPS): the lamp now reports ${after.state?.reported}; delta: ${after.state?.delta ?: "none"}")

            app.publish(
                PublishRequest(
                    "lamps/$thing/status",
                    """{"online":true}""".encodeToByteArray(),
                    qos = 1,
                    retain = true,
                    userProperties = listOf(UserProperty("source", "companion-app")),
                    contentType = "application/json",
                ),
            )
            val retained = app.listRetainedMessagesPaginated(PaginationConfig(pageSize = 50)).toList().flatMap {
                it.retainedTopics
            }
            say("  app (HTTPS): retained messages: ${retained.joinToString { "${it.topic} (${it.payloadSize} B)" }}")
            val status = app.getRetainedMessage("lamps/$thing/status")
            say("  app (HTTPS): ${status.topic} = ${status.payloadAsString()} ${status.userProperties}")
        }
        job.cancel()
        shadow.close()
        mqtt.disconnect()
    }
}
