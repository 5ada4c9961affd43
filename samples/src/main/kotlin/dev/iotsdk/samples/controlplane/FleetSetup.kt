package dev.iotsdk.samples.controlplane

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.jobs.JobOutcome
import dev.iotsdk.jobs.JobRunner
import dev.iotsdk.jobs.JobRunnerEvent
import dev.iotsdk.jobs.JobsClient
import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.iot.IotClient
import software.amazon.awssdk.services.iot.model.AttributePayload
import java.net.URI
import java.security.KeyStore
import java.security.cert.CertificateFactory
import javax.net.ssl.TrustManagerFactory
import kotlin.time.Duration.Companion.seconds

/**
 * Sets up a fleet the way one does on AWS IoT, with the AWS SDK for Java v2 `IotClient` (the same calls work against
 * the real service): three things, a certificate each (CreateKeysAndCertificate), one policy attached to every
 * certificate, each certificate attached to its thing, and a job targeting the three things. Then the devices connect
 * with iotsdk over mutual TLS with those certificates, run the job with [JobRunner], and the execution statuses are
 * read back over the API. `samples/scripts/fleet-setup.sh` does the setup half with the AWS CLI.
 *
 * Run it against the embedded emulator: `mvn -B -q -pl samples -am -DskipTests compile exec:java
 * -Dexec.mainClass=dev.iotsdk.samples.controlplane.FleetSetup`; against AWS IoT with `--endpoint` (see [USAGE]).
 */
public object FleetSetup {
    /** The policy the fleet's certificates get: connect as their thing, use their own jobs topics. */
    public val POLICY_DOCUMENT: String = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:*:*:client/${'$'}{iot:Connection.Thing.ThingName}"},
          {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":"arn:aws:iot:*:*:topic/${'$'}aws/things/${'$'}{iot:Connection.Thing.ThingName}/jobs/*"},
          {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:*:*:topicfilter/${'$'}aws/things/${'$'}{iot:Connection.Thing.ThingName}/jobs/*"}
        ]}
    """.trimIndent()

    /** This sample's own flags, printed by `--help` after the shared ones. */
    public const val USAGE: String = """FleetSetup flags (a fleet set up over the AWS IoT API with the AWS SDK for Java v2, then a job run on it):
  --job-id <id>         the job id; things are <id>-device-1..3 and the policy <id>-policy (default fleet-job-1)
With --endpoint (your iot:Data-ATS endpoint) the API calls go to AWS IoT in --region (default: the endpoint's) with the
AWS SDK's default credentials, and the devices connect there (--port, default 8883; --ca, default the JVM's trust
store). That creates real things, certificates, a policy and a job: delete them afterwards."""

    /** Runs the sample: against a new embedded emulator, or against AWS IoT with `--endpoint` (see [USAGE]). */
    @JvmStatic
    public fun main(args: Array<String>) {
        val usage = "${SampleOptions.USAGE}\n$USAGE"
        val options = SampleOptions.parseOrExit(args, usage, setOf("job-id"), needsIdentity = false)
        val jobId = options.extra("job-id") ?: "fleet-job-1"
        val out = Transcript()
        SampleOptions.runOrExit {
            val endpoint = options.endpoint
            val statuses = if (endpoint == null) {
                IotEmulator.start().use { emulator -> run(emulator, jobId) { out.say(it) } }
            } else {
                val region = options.regionOrDefault()
                IotClient.builder().region(Region.of(region)).httpClient(ApacheHttpClient.create()).build().use { iot ->
                    run(iot, endpoint, options.port ?: 8883, options.trust(), jobId) { out.say(it) }
                }
            }
            out.say("execution statuses over the API: $statuses")
        }
        out.say("done")
    }

    /**
     * The whole tour against [emulator]: set up the fleet over the API, let the devices run job [jobId], and return
     * each thing's execution status as DescribeJobExecution reports it.
     */
    public fun run(emulator: IotEmulator, jobId: String, say: (String) -> Unit): Map<String, String> {
        val endpointUrl = URI("https://${emulator.endpoint}:${emulator.port443}")
        iotClient(
            endpointUrl,
            emulator.region,
            emulator.credentials.accessKeyId,
            emulator.credentials.secretAccessKey,
            emulator.caCertificatePem,
        )
            .use { iot ->
                return run(
                    iot,
                    emulator.endpoint,
                    emulator.mqttPort,
                    TrustMaterial.fromPem(emulator.caCertificatePem),
                    jobId,
                    say,
                )
            }
    }

    /**
     * The tour with [iot] (the emulator's or AWS IoT's API): set up the fleet, let the devices run job [jobId] on the
     * MQTT endpoint [endpoint]:[port] (trusting [trust]), and return each thing's execution status as
     * DescribeJobExecution reports it.
     */
    public fun run(
        iot: IotClient,
        endpoint: String,
        port: Int,
        trust: TrustMaterial,
        jobId: String,
        say: (String) -> Unit,
    ): Map<String, String> {
        val things = (1..3).map { "$jobId-device-$it" }
        val fleet = setUp(iot, things, "$jobId-policy", jobId, """{"operation":"blink","times":3}""")
        say("created ${fleet.size} things with certificates and job $jobId over the AWS IoT API")
        val data = iot.describeEndpoint { it.endpointType("iot:Data-ATS") }.endpointAddress()
        say("iot:Data-ATS endpoint: $data")
        runBlocking { runDevices(endpoint, port, trust, fleet, say) }
        return things.associateWith { thing ->
            iot.describeJobExecution { it.thingName(thing).jobId(jobId) }.execution().statusAsString()
        }
    }

    /** An `IotClient` for [endpointUrl] with static credentials, trusting [caPem] (the emulator CA) when given. */
    public fun iotClient(
        endpointUrl: URI,
        region: String,
        accessKeyId: String,
        secretAccessKey: String,
        caPem: String?,
    ): IotClient {
        val http = ApacheHttpClient.builder()
        if (caPem != null) {
            val ca = CertificateFactory.getInstance("X.509").generateCertificate(caPem.byteInputStream())
            val store = KeyStore.getInstance(KeyStore.getDefaultType()).apply {
                load(null, null)
                setCertificateEntry("ca", ca)
            }
            val trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply { init(store) }
            http.tlsTrustManagersProvider { trust.trustManagers }
        }
        return IotClient.builder()
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)),
            )
            .endpointOverride(endpointUrl)
            .httpClient(http.build())
            .build()
    }

    /**
     * Creates [things], a certificate for each, policy [policyName] and job [jobId] (document [jobDocument]) on them.
     */
    public fun setUp(
        iot: IotClient,
        things: List<String>,
        policyName: String,
        jobId: String,
        jobDocument: String,
    ): List<FleetDevice> {
        iot.createPolicy { it.policyName(policyName).policyDocument(POLICY_DOCUMENT) }
        val fleet = things.map { thing ->
            val arn = iot.createThing {
                it.thingName(
                    thing,
                ).attributePayload(AttributePayload.builder().attributes(mapOf("fleet" to jobId)).build())
            }.thingArn()
            val keys = iot.createKeysAndCertificate { it.setAsActive(true) }
            iot.attachPolicy { it.policyName(policyName).target(keys.certificateArn()) }
            iot.attachThingPrincipal { it.thingName(thing).principal(keys.certificateArn()) }
            FleetDevice(thing, keys.certificateArn(), keys.certificatePem(), keys.keyPair().privateKey()).also {
                check(arn.endsWith("/$thing"))
            }
        }
        iot.createJob { job ->
            job.jobId(jobId).document(jobDocument).description("blink the fleet")
                .targets(
                    fleet.map {
                        "arn:aws:iot:${iot.serviceClientConfiguration().region()}:" +
                            it.certificateArn.split(':')[4] +
                            ":thing/${it.thingName}"
                    },
                )
                .timeoutConfig { it.inProgressTimeoutInMinutes(10L) }
        }
        return fleet
    }

    /**
     * Connects every device of [fleet] to [endpoint]:[port] and runs its pending job with a [JobRunner] until it
     * finishes.
     */
    public suspend fun runDevices(
        endpoint: String,
        port: Int,
        trust: TrustMaterial,
        fleet: List<FleetDevice>,
        say: (String) -> Unit,
    ): Unit = coroutineScope {
        fleet.map { device ->
            async {
                val config = IotMqttClientConfig.builder().endpoint(endpoint).port(port).clientId(device.thingName)
                    .connectionType(
                        ConnectionType.MutualTls(TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)),
                    )
                    .trust(trust)
                    .build()
                IotMqttClient.create(config).use { mqtt ->
                    mqtt.connect()
                    JobsClient(mqtt, device.thingName).use { jobs ->
                        val runner = JobRunner(jobs) { job ->
                            say("  ${device.thingName}: running ${job.jobId}")
                            JobOutcome.Succeeded(mapOf("blinked" to "3"))
                        }
                        val finished = async { runner.events.first { it is JobRunnerEvent.Finished } }
                        val work = runner.launchIn(this)
                        say("  ${device.thingName}: ${withTimeout(30.seconds) { finished.await() }}")
                        work.cancel()
                    }
                }
            }
        }.awaitAll()
    }
}
