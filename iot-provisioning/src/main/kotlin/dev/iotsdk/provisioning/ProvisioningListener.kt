package dev.iotsdk.provisioning

/**
 * Told when each [ProvisioningStep] of [FleetProvisioning.provision] has completed, on the provisioning coroutine
 * (do not block long). An exception it throws fails provisioning at that step.
 */
public fun interface ProvisioningListener {
    /** [step] has completed. */
    public fun stepCompleted(step: ProvisioningStep)
}
