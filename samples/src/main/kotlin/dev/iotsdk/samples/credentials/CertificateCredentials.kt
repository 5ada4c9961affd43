package dev.iotsdk.samples.credentials

import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.runBlocking

/**
 * A device that trades its X.509 certificate for temporary AWS credentials at the AWS IoT credentials provider (role
 * alias) and calls the HTTPS data plane with them: it reports its shadow and publishes a message.
 *
 * - No arguments: an in-process emulator with a thing and a role alias.
 * - `--endpoint <prefix>-ats.iot.<region>.amazonaws.com --credentials-endpoint
 * <prefix>.credentials.iot.<region>.amazonaws.com
 *   --role-alias a --thing t --cert device.pem.crt --key private.pem.key [--ca AmazonRootCA1.pem] [--region r]`.
 *   `--help` lists the flags.
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.credentials.CertificateCredentials`
 */
public object CertificateCredentials {
    /**
     * This sample's own flags, printed by `--help` after the shared ones (shared with [CertificateCredentialsJava]).
     */
    public const val USAGE: String = """CertificateCredentials flags (--endpoint is the data endpoint the HTTPS calls go to):
  --credentials-endpoint <host>  the account's credentials provider endpoint, <prefix>.credentials.iot.<region>.amazonaws.com
                        (aws iot describe-endpoint --endpoint-type iot:CredentialProvider; required with --endpoint)
  --role-alias <alias>  the role alias the certificate's policy allows (required with --endpoint)"""

    /** The sample's own flags. */
    @JvmField
    public val FLAGS: Set<String> = setOf("credentials-endpoint", "role-alias")

    /** The options of [args]; exits 2 on bad flags, 0 after `--help`. */
    @JvmStatic
    public fun parse(args: Array<String>): SampleOptions =
        SampleOptions.parseOrExit(args, "${SampleOptions.USAGE}\n$USAGE", FLAGS, requiredWithEndpoint = FLAGS)

    /** Runs the sample; see the class documentation for the arguments. Exits 1 when a step fails. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val options = parse(args)
        val out = Transcript()
        SampleOptions.runOrExit {
            runBlocking {
                val endpoint = options.endpoint
                if (endpoint == null) {
                    IotEmulator.start().use { emulator ->
                        emulator.createRoleAlias("device-role", "arn:aws:iam::${emulator.accountId}:role/device")
                        val device = emulator.registerThing(options.thing ?: "cert-creds-device")
                        run(
                            "${emulator.endpoint}:${emulator.port8443}",
                            "https://${emulator.endpoint}:${emulator.port443}",
                            emulator.region,
                            "device-role",
                            device.thingName,
                            TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem),
                            TrustMaterial.fromPemFile(emulator.caPath),
                            out::say,
                        )
                    }
                } else {
                    run(
                        options.extra("credentials-endpoint")!!,
                        dataEndpointUrl(endpoint),
                        options.regionOrDefault(),
                        options.extra("role-alias")!!,
                        options.thing ?: "cert-creds-device",
                        options.identity(),
                        options.trust(),
                        out::say,
                    )
                }
            }
        }
        out.say("done")
    }

    /** `--endpoint` as an HTTPS URL: as given when it is one, else `https://<host>`. */
    @JvmStatic
    public fun dataEndpointUrl(endpoint: String): String =
        if (endpoint.startsWith("https://")) endpoint else "https://$endpoint"

    /**
     * Gets credentials for [roleAlias] with [identity] from [credentialsEndpoint], then reports `{"online":true}` in
     * [thingName]'s shadow and publishes to `devices/<thing>/hello` through [dataEndpoint]. Returns the shadow version.
     */
    public suspend fun run(
        credentialsEndpoint: String,
        dataEndpoint: String,
        region: String,
        roleAlias: String,
        thingName: String,
        identity: TlsIdentity,
        trust: TrustMaterial,
        say: (String) -> Unit,
    ): Long = IotCredentialsProvider {
        endpoint = credentialsEndpoint
        this.roleAlias = roleAlias
        this.thingName = thingName
        this.identity = identity
        this.trust = trust
    }.use { provider ->
        val credentials = provider.resolve()
        say(
            "credentials provider: role alias $roleAlias gave ${credentials.accessKeyId} until " +
                "${credentials.expiration}",
        )
        IotDataPlaneClient {
            endpoint = dataEndpoint
            this.region = region
            credentialsProvider = provider
            this.trust = trust
        }.use { client ->
            val shadow = client.updateThingShadow(thingName, """{"state":{"reported":{"online":true}}}""".toByteArray())
            say("data plane: reported online, shadow version ${shadow.version}")
            client.publish("devices/$thingName/hello", "hello with temporary credentials".toByteArray(), qos = 1)
            say("data plane: published to devices/$thingName/hello")
            requireNotNull(shadow.version)
        }
    }
}
