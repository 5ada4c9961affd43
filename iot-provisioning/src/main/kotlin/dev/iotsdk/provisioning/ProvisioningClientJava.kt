package dev.iotsdk.provisioning

import dev.iotsdk.core.java.JavaAdapter
import dev.iotsdk.model.provisioning.CreateCertificateFromCsrResponse
import dev.iotsdk.model.provisioning.CreateKeysAndCertificateResponse
import dev.iotsdk.model.provisioning.RegisterThingResponse
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor

/**
 * The Java view of a [ProvisioningClient] (from [ProvisioningClient.asJava]): the three calls as
 * `CompletableFuture`s, which complete on SDK threads. Calls of the same operation run one at a time (see
 * [ProvisioningClient]). [close] cancels pending futures and closes the [ProvisioningClient].
 *
 * ```java
 * ProvisioningClientJava provisioning = new ProvisioningClient(claimConnection).asJava();
 * CreateCertificateFromCsrResponse cert = provisioning.createCertificateFromCsr(csr.getPem()).get();
 * RegisterThingResponse thing = provisioning.registerThing("factory", cert.getCertificateOwnershipToken(), Map.of("SerialNumber", "1")).get();
 * ```
 */
public class ProvisioningClientJava internal constructor(
    /** The Kotlin client behind this view. */
    public val client: ProvisioningClient,
) : AutoCloseable {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val adapter = JavaAdapter(scope, Executor { it.run() })

    /** See [ProvisioningClient.createKeysAndCertificate]. */
    public fun createKeysAndCertificate(): CompletableFuture<CreateKeysAndCertificateResponse> =
        adapter.future { client.createKeysAndCertificate() }

    /** See [ProvisioningClient.createCertificateFromCsr]. */
    public fun createCertificateFromCsr(
        certificateSigningRequest: String,
    ): CompletableFuture<CreateCertificateFromCsrResponse> =
        adapter.future { client.createCertificateFromCsr(certificateSigningRequest) }

    /** See [ProvisioningClient.registerThing]. */
    public fun registerThing(
        templateName: String,
        certificateOwnershipToken: String,
        parameters: Map<String, String>,
    ): CompletableFuture<RegisterThingResponse> =
        adapter.future { client.registerThing(templateName, certificateOwnershipToken, parameters) }

    /** Cancels pending futures and closes the client. Idempotent. */
    override fun close() {
        scope.cancel()
        client.close()
    }

    override fun toString(): String = "ProvisioningClientJava($client)"
}
