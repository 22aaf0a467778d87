package dev.sagashop.loadtests;

import static dev.sagashop.loadtests.Bench.round;

/**
 * The headline (issue 16): the checkout's sustained rate as a share of the floor's, and
 * its CPU per checkout as a multiple of the floor's, each at its highest passed step, or
 * its first when none passed (read it with the rates beside it). A checkout's CPU falls
 * as its rate rises, the floor's too (each wake-up of a thread, a backend or the broker
 * carries more work), so the second comparison takes the floor at the checkout's own
 * rate: its lowest step at or above it. The floor's CPU there is no higher than at the
 * checkout's rate, so that multiple does not flatter the checkout.
 *
 * @param sustainedPerSecond the checkout's sustained rate, 0 if none
 * @param floorSustainedPerSecond the floor's
 * @param shareOfFloorRate the first over the second, null without a floor rate
 * @param cpuMsPerCheckout the checkout's CPU per completed checkout
 * @param cpuMsPerCheckoutAtRate at this rate
 * @param floorCpuMsPerCheckout the floor's CPU per checkout
 * @param floorCpuMsPerCheckoutAtRate at this rate
 * @param cpuTimesFloor the first over the second
 * @param floorCpuMsPerCheckoutNearRate the floor's CPU per checkout at its lowest step at
 * or above the checkout's rate, null when it has none
 * @param floorNearRate that step's rate
 * @param cpuTimesFloorNearRate the checkout's CPU over that
 */
record VersusFloor(double sustainedPerSecond, double floorSustainedPerSecond, Double shareOfFloorRate,
		Double cpuMsPerCheckout, Double cpuMsPerCheckoutAtRate, Double floorCpuMsPerCheckout,
		Double floorCpuMsPerCheckoutAtRate, Double cpuTimesFloor, Double floorCpuMsPerCheckoutNearRate,
		Double floorNearRate, Double cpuTimesFloorNearRate) {

	static VersusFloor of(CheckoutSteps.Result checkout, Floor.Result floor) {
		double rate = checkout.sustainedRateOr(0);
		Double share = (floor.sustainedRate() > 0) ? round(rate / floor.sustainedRate()) : null;
		CheckoutSteps.Step step = (checkout.sustained() != null) ? checkout.sustained()
				: checkout.steps().isEmpty() ? null : checkout.steps().get(0);
		Floor.Step floorStep = (floor.sustained() != null) ? floor.sustained()
				: floor.steps().isEmpty() ? null : floor.steps().get(0);
		if (step == null || floorStep == null || floorStep.cpuMsPerCheckoutTotal() <= 0) {
			return new VersusFloor(rate, floor.sustainedRate(), share, null, null, null, null, null, null, null, null);
		}
		Floor.Step near = floor.steps()
			.stream()
			.filter((candidate) -> candidate.rate() >= step.rate() && candidate.cpuMsPerCheckoutTotal() > 0)
			.findFirst()
			.orElse(null);
		return new VersusFloor(rate, floor.sustainedRate(), share, step.cpuMsPerCheckoutTotal(), step.rate(),
				floorStep.cpuMsPerCheckoutTotal(), floorStep.rate(),
				round(step.cpuMsPerCheckoutTotal() / floorStep.cpuMsPerCheckoutTotal()),
				(near != null) ? near.cpuMsPerCheckoutTotal() : null, (near != null) ? near.rate() : null,
				(near != null) ? round(step.cpuMsPerCheckoutTotal() / near.cpuMsPerCheckoutTotal()) : null);
	}

	/** One line: the shares, with the rates they were measured at. */
	String describe() {
		String rate = (this.shareOfFloorRate != null)
				? "%.0f/s of the floor's %.0f/s (%s of it)".formatted(this.sustainedPerSecond,
						this.floorSustainedPerSecond, this.shareOfFloorRate)
				: "%.0f/s; the floor passed no step, so no share of it".formatted(this.sustainedPerSecond);
		if (this.cpuTimesFloor == null) {
			return rate;
		}
		String cpu = rate + "; CPU per checkout %s ms at %.0f/s against the floor's %s ms at %.0f/s (%s times)"
			.formatted(this.cpuMsPerCheckout, this.cpuMsPerCheckoutAtRate, this.floorCpuMsPerCheckout,
					this.floorCpuMsPerCheckoutAtRate, this.cpuTimesFloor);
		if (this.cpuTimesFloorNearRate == null || this.floorNearRate.equals(this.floorCpuMsPerCheckoutAtRate)) {
			return cpu;
		}
		return cpu + " and its %s ms at %.0f/s (%s times)".formatted(this.floorCpuMsPerCheckoutNearRate,
				this.floorNearRate, this.cpuTimesFloorNearRate);
	}

}
