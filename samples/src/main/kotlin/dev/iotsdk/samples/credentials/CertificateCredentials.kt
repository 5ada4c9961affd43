package dev.iotsdk.samples.credentials

import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.samples.SampleOptions
import kotlinx.coroutines.runBlocking
import java.nio.file.Paths
import kotlin.system.exitProcess

/**
 * A device that trades its X.509 certificate for temporary AWS credentials at the AWS IoT credentials provider (role
 * alias) and calls the HTTPS data plane with them: it reports its shadow and publishes a message.
 *
 * - No arguments: an in-process emulator with a thing and a role alias.
 * - `--credentials-endpoint <prefix>.credentials.iot.<region>.amazonaws.com --endpoint <prefix>-ats.iot.<region>.amazonaws.com
 *   --role-alias a --thing t --cert device.pem.crt --key private.pem.key [--region r] [--ca AmazonRootCA1.pem]`;
 *   `--help` lists the flags.
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.credentials.CertificateCredentials`
 */
public object CertificateCredentials {
    private const val USAGE = """CertificateCredentials flags (the device certificate traded for temporary credentials, then HTTPS):
  --credentials-endpoint <host>  the AWS IoT credentials provider (<prefix>.credentials.iot.<region>.amazonaws.com,
                                 aws iot describe-endpoint --endpoint-type iot:CredentialProvider); without it the
                                 sample starts the embedded emulator with a thing and a role alias
  --endpoint <host>     the data endpoint (<prefix>-ats.iot.<region>.amazonaws.com)
  --region <region>     AWS region (default: the one in the data endpoint's name)
  --role-alias <name>   the role alias
  --thing <name>        the thing the certificate is attached to
  --cert <file>         device certificate, PEM
  --key <file>          device private key, PEM
  --ca <file>           CA certificate(s), PEM (default: the JVM's trust store)
  --help                print this help and exit
All but --region and --ca are required with --credentials-endpoint."""

    /** Runs the sample; see the class documentation for the arguments. */
    @JvmStatic
    public fun main(args: Array<String>): Unit = runBlocking {
        val options = SampleOptions.parseOrExit(args, USAGE, setOf("credentials-endpoint", "role-alias"))
        val credentialsEndpoint = options.extra["credentials-endpoint"]
        if (credentialsEndpoint == null) {
            IotEmulator.start().use { emulator ->
                emulator.createRoleAlias("device-role", "arn:aws:iam::${emulator.accountId}:role/device")
                val device = emulator.registerThing("cert-creds-device")
                run(
                    "${emulator.endpoint}:${emulator.port8443}", "https://${emulator.endpoint}:${emulator.port443}", emulator.region,
                    "device-role", device.thingName, TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem),
                    TrustMaterial.fromPemFile(emulator.caPath), ::println,
                )
            }
        } else {
            fun required(name: String, value: String?): String = value ?: run {
                System.err.println("error: --$name is required with --credentials-endpoint\n\n$USAGE")
                exitProcess(2)
            }
            val endpoint = required("endpoint", options.endpoint)
            val region = options.region ?: SampleOptions.regionOf(endpoint) ?: required("region", null)
            run(
                credentialsEndpoint, "https://$endpoint", region, required("role-alias", options.extra["role-alias"]), required("thing", options.thing),
                TlsIdentity.fromPemFiles(Paths.get(required("cert", options.cert)), Paths.get(required("key", options.key))),
                options.ca?.let { TrustMaterial.fromPemFile(Paths.get(it)) } ?: TrustMaterial.system(), ::println,
            )
        }
    }

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
        say("credentials provider: role alias $roleAlias gave ${credentials.accessKeyId} until ${credentials.expiration}")
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
