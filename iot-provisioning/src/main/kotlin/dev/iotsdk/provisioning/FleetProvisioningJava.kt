package dev.iotsdk.provisioning

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.future.future
import java.util.concurrent.CompletableFuture

/**
 * The Java view of [FleetProvisioning] (from [FleetProvisioning.asJava]): each call returns a `CompletableFuture`
 * completed on an SDK thread, exceptionally with a [FleetProvisioningException]; cancelling the future cancels
 * provisioning.
 *
 * ```java
 * ProvisionedDevice device = provisioning.asJava().connectOrProvision().get();
 * device.getClient().asJava().publish("telemetry", payload, Qos.AT_LEAST_ONCE).get();
 * ```
 */
public class FleetProvisioningJava internal constructor(
    /** The Kotlin flow behind this view. */
    public val provisioning: FleetProvisioning,
) {
    /** See [FleetProvisioning.provision]. */
    public fun provision(): CompletableFuture<ProvisionedDevice> = scope().future { provisioning.provision() }

    /** See [FleetProvisioning.connectOrProvision]. */
    public fun connectOrProvision(): CompletableFuture<ProvisionedDevice> = scope().future {
        provisioning.connectOrProvision()
    }

    private fun scope() = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    override fun toString(): String = "FleetProvisioningJava($provisioning)"
}
