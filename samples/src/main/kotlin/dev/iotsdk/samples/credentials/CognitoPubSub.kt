package dev.iotsdk.samples.credentials

import dev.iotsdk.auth.CognitoCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.core.Subscription
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.samples.SampleOptions
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.nio.file.Paths
import kotlin.system.exitProcess
import kotlin.time.Duration.Companion.seconds

/**
 * The v1 device SDK's `basicPubSub_CognitoSTS` sample: an app gets temporary credentials from an Amazon Cognito
 * identity pool (unauthenticated identity), connects over MQTT on WebSocket signed with them, subscribes to a topic
 * and publishes to it.
 *
 * - No arguments: an in-process emulator with an identity pool that allows guests.
 * - `--endpoint <prefix>-ats.iot.<region>.amazonaws.com --pool <region>:<uuid> [--region r] [--ca f] [--topic t]
 *   [--count n]`: AWS IoT and Amazon Cognito (the pool's unauthenticated role must allow
 *   iot:Connect/Publish/Subscribe/Receive). `--help` lists the flags.
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.credentials.CognitoPubSub`
 */
public object CognitoPubSub {
    private const val USAGE = """CognitoPubSub flags (MQTT over WebSocket signed with Amazon Cognito credentials):
  --endpoint <host>     AWS IoT data endpoint (<prefix>-ats.iot.<region>.amazonaws.com); without it the sample
                        starts the embedded emulator with an identity pool that allows guests
  --pool <id>           the identity pool id, <region>:<uuid> (required with --endpoint)
  --region <region>     the Cognito and AWS IoT region (default: the pool id's)
  --ca <file>           CA certificate(s), PEM (default: the JVM's trust store)
  --topic <topic>       the topic to publish and subscribe to (default sdk/test/cognito)
  --count <n>           how many messages (default 3)
  --help                print this help and exit"""

    /** Runs the sample; see the class documentation for the arguments. */
    @JvmStatic
    public fun main(args: Array<String>): Unit = runBlocking {
        val options = SampleOptions.parseOrExit(args, USAGE, setOf("pool", "topic", "count"), needsIdentity = false)
        val topic = options.extra["topic"] ?: "sdk/test/cognito"
        val count = options.extra["count"]?.let { it.toIntOrNull() ?: usageError("--count must be a number, got '$it'") } ?: 3
        val endpoint = options.endpoint
        if (endpoint == null) {
            IotEmulator.start().use { emulator ->
                val pool = emulator.createIdentityPool("cognito-pubsub", allowUnauthenticated = true)
                run(emulator.endpoint, emulator.port443, emulator.region, pool, "https://localhost:${emulator.port443}", TrustMaterial.fromPemFile(emulator.caPath), topic, count, ::println)
            }
        } else {
            val pool = options.extra["pool"] ?: usageError("--pool <identity pool id> is required with --endpoint")
            val region = options.region ?: pool.substringBefore(':')
            val trust = options.ca?.let { TrustMaterial.fromPemFile(Paths.get(it)) } ?: TrustMaterial.system()
            run(endpoint, 443, region, pool, null, trust, topic, count, ::println)
        }
    }

    private fun usageError(message: String): Nothing {
        System.err.println("error: $message\n\n$USAGE")
        exitProcess(2)
    }

    /**
     * Gets Cognito credentials from [identityPoolId] ([cognitoEndpoint]: `null` = AWS), connects to [endpoint]:[port]
     * over WebSocket, publishes [count] messages to [topic] and returns the payloads it received back.
     */
    public suspend fun run(
        endpoint: String,
        port: Int,
        region: String,
        identityPoolId: String,
        cognitoEndpoint: String?,
        trust: TrustMaterial,
        topic: String,
        count: Int,
        say: (String) -> Unit,
    ): List<String> = CognitoCredentialsProvider {
        this.identityPoolId = identityPoolId
        this.region = region
        this.endpoint = cognitoEndpoint
        this.trust = trust
    }.use { cognito ->
        val credentials = cognito.resolve()
        say("cognito: identity ${cognito.identityId}, temporary key ${credentials.accessKeyId} until ${credentials.expiration}")
        IotMqttClient {
            this.endpoint = endpoint
            this.port = port
            connectionType = ConnectionType.WebSocketSigV4(cognito, region)
            this.trust = trust
            clientId = "cognito-${cognito.identityId?.substringAfter(':')?.take(8)}"
        }.use { client ->
            client.connect()
            say("mqtt: connected over WebSocket with Cognito credentials")
            coroutineScope {
                val received = async(start = CoroutineStart.UNDISPATCHED) {
                    client.messages.filter { it.topic == topic }.take(count).toList()
                }
                client.subscribeAll(listOf(Subscription(topic, Qos.AT_LEAST_ONCE)))
                repeat(count) { i ->
                    client.publish(MqttMessage.text(topic, "Hello from Cognito #${i + 1}", Qos.AT_LEAST_ONCE))
                    say("mqtt: published #${i + 1} to $topic")
                }
                withTimeout(10.seconds) { received.await() }.map { it.payloadAsString() }.onEach { say("mqtt: received '$it'") }
            }
        }
    }
}
