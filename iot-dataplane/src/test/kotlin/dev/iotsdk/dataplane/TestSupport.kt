package dev.iotsdk.dataplane

import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish
import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** The emulator's registered credentials as iot-auth credentials. */
fun IotEmulator.sdkCredentials(): Credentials =
    Credentials(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken)

/** A data-plane client on the emulator's 443 listener, trusting its CA. */
fun IotEmulator.dataPlane(block: IotDataPlaneConfig.Builder.() -> Unit = {}): IotDataPlaneClient = IotDataPlaneClient {
    endpoint = "https://localhost:$port443"
    region = this@dataPlane.region
    credentialsProvider = StaticCredentialsProvider(sdkCredentials())
    trust = TrustMaterial.fromPemFile(caPath)
    retryBaseDelay = Duration.ZERO
    block()
}

/** A plain MQTT 5 subscriber (HiveMQ client on the emulator's plain port) whose messages land in [messages]. */
class MqttProbe private constructor(val client: Mqtt5AsyncClient) : AutoCloseable {
    val messages: Channel<Mqtt5Publish> = Channel(Channel.UNLIMITED)

    suspend fun subscribe(filter: String) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback {
            messages.trySend(it)
        }.send().await()
    }

    suspend fun next(): Mqtt5Publish = withTimeout(10.seconds) { messages.receive() }

    /** The next message on [topic], skipping others. */
    suspend fun next(topic: String): Mqtt5Publish = withTimeout(10.seconds) {
        var m = messages.receive()
        while (m.topic.toString() != topic) m = messages.receive()
        m
    }

    override fun close() {
        runCatching { client.disconnect().get() }
    }

    companion object {
        suspend fun connect(emu: IotEmulator, id: String): MqttProbe {
            val client = Mqtt5Client.builder().identifier(
                id,
            ).serverHost("localhost").serverPort(emu.plainPort!!).buildAsync()
            client.connect().await()
            return MqttProbe(client)
        }
    }
}
