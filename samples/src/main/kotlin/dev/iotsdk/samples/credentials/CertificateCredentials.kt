package dev.iotsdk.samples.credentials

import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.runBlocking
import java.nio.file.Paths

/**
 * A device that trades its X.509 certificate for temporary AWS credentials at the AWS IoT credentials provider (role
 * alias) and calls the HTTPS data plane with them: it reports its shadow and publishes a message.
 *
 * - No arguments: an in-process emulator with a thing and a role alias.
 * - `--credentials-endpoint <prefix>.credentials.iot.<region>.amazonaws.com --endpoint <prefix>-ats.iot.<region>.amazonaws.com
 *   --region r --role-alias a --thing t --cert device.pem.crt --key private.pem.key [--ca AmazonRootCA1.pem]`
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.credentials.CertificateCredentials`
 */
public object CertificateCredentials {
    /** Runs the sample; see the class documentation for the arguments. */
    @JvmStatic
    public fun main(args: Array<String>): Unit = runBlocking {
        val options = args.toList().chunked(2).associate { (k, v) -> k.removePrefix("--") to v }
        val credentialsEndpoint = options["credentials-endpoint"]
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
            fun required(name: String) = requireNotNull(options[name]) { "--$name is required with --credentials-endpoint" }
            run(
                credentialsEndpoint, "https://${required("endpoint")}", required("region"), required("role-alias"), required("thing"),
                TlsIdentity.fromPemFiles(Paths.get(required("cert")), Paths.get(required("key"))),
                options["ca"]?.let { TrustMaterial.fromPemFile(Paths.get(it)) } ?: TrustMaterial.system(), ::println,
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
