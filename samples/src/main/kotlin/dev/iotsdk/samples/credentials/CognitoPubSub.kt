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
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * The v1 device SDK's `basicPubSub_CognitoSTS` sample: an app gets temporary credentials from an Amazon Cognito
 * identity pool (unauthenticated identity), connects over MQTT on WebSocket signed with them, subscribes to a topic
 * and publishes to it.
 *
 * - No arguments: an in-process emulator with an identity pool that allows guests.
 * - `--endpoint <prefix>-ats.iot.<region>.amazonaws.com --pool <region>:<uuid> [--region r] [--topic t] [--count n]`:
 *   AWS IoT and Amazon Cognito (the pool's unauthenticated role must allow iot:Connect/Publish/Subscribe/Receive).
 *   `--help` lists the flags.
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.credentials.CognitoPubSub`
 */
public object CognitoPubSub {
    /** This sample's own flags, printed by `--help` after the shared ones (shared with [CognitoPubSubJava]). */
    public const val USAGE: String = """CognitoPubSub flags (MQTT over WebSocket signed with Cognito credentials: no --cert/--key):
  --pool <id>           the Cognito identity pool, <region>:<uuid> (required with --endpoint; guests allowed)
  --region <region>     the region (default: the pool's)
  --port <port>         the WebSocket port (default 443)
  --topic <topic>       the topic to publish to and subscribe to (default sdk/test/cognito)
  --count <n>           messages to publish (default 3)"""

    /** The sample's own flags. */
    @JvmField
    public val FLAGS: Set<String> = setOf("pool", "topic", "count")

    /** The options of [args]; exits 2 on bad flags, 0 after `--help`. */
    @JvmStatic
    public fun parse(args: Array<String>): SampleOptions {
        val usage = "${SampleOptions.USAGE}\n$USAGE"
        val options = SampleOptions.parseOrExit(
            args,
            usage,
            FLAGS,
            needsIdentity = false,
            requiredWithEndpoint = setOf("pool"),
        )
        count(options)
            ?: SampleOptions.usageError("--count must be a positive number, got '${options.extra("count")}'", usage)
        return options
    }

    /** `--count` (default 3), or `null` when it is not a positive number. */
    @JvmStatic
    public fun count(options: SampleOptions): Int? {
        val given = options.extra("count") ?: return 3
        return given.toIntOrNull()?.takeIf { it > 0 }
    }

    /** Runs the sample; see the class documentation for the arguments. Exits 1 when a step fails. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val options = parse(args)
        val topic = options.extra("topic") ?: "sdk/test/cognito"
        val count = count(options)!!
        val out = Transcript()
        SampleOptions.runOrExit {
            runBlocking {
                val endpoint = options.endpoint
                if (endpoint == null) {
                    IotEmulator.start().use { emulator ->
                        val pool = emulator.createIdentityPool("cognito-pubsub", allowUnauthenticated = true)
                        run(
                            emulator.endpoint, emulator.port443, emulator.region, pool,
                            "https://localhost:${emulator.port443}",
                            TrustMaterial.fromPemFile(
                                emulator.caPath,
                            ),
                            topic, count, out::say,
                        )
                    }
                } else {
                    val pool = options.extra("pool")!!
                    run(
                        endpoint, options.port ?: 443,
                        options.region ?: pool.substringBefore(
                            ':',
                        ),
                        pool, null, options.trust(), topic, count, out::say,
                    )
                }
            }
        }
        out.say("done")
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
        say(
            "cognito: identity ${cognito.identityId}, temporary key ${credentials.accessKeyId} until " +
                "${credentials.expiration}",
        )
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
                withTimeout(10.seconds) {
                    received.await()
                }.map { it.payloadAsString() }.onEach { say("mqtt: received '$it'") }
            }
        }
    }
}
