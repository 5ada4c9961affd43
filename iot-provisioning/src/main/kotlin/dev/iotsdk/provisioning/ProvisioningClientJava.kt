@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.provisioning

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.provisioning.CreateCertificateFromCsrResponse
import dev.iotsdk.model.provisioning.CreateKeysAndCertificateResponse
import dev.iotsdk.model.provisioning.RegisterThingResponse
import java.util.concurrent.CompletableFuture

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
    /** Futures only: no callback ever runs, so the view never starts a thread. */
    private val view = JavaView("iotsdk-provisioning-java-view", null)

    /** See [ProvisioningClient.createKeysAndCertificate]. */
    public fun createKeysAndCertificate(): CompletableFuture<CreateKeysAndCertificateResponse> =
        view.future { client.createKeysAndCertificate() }

    /** See [ProvisioningClient.createCertificateFromCsr]. */
    public fun createCertificateFromCsr(
        certificateSigningRequest: String,
    ): CompletableFuture<CreateCertificateFromCsrResponse> =
        view.future { client.createCertificateFromCsr(certificateSigningRequest) }

    /** See [ProvisioningClient.registerThing]. */
    public fun registerThing(
        templateName: String,
        certificateOwnershipToken: String,
        parameters: Map<String, String>,
    ): CompletableFuture<RegisterThingResponse> =
        view.future { client.registerThing(templateName, certificateOwnershipToken, parameters) }

    /** Cancels pending futures (they complete with `CancellationException`) and closes the client. Idempotent. */
    override fun close() {
        try {
            view.close()
        } finally {
            client.close()
        }
    }

    override fun toString(): String = "ProvisioningClientJava($client)"
}
