// The discrepancy chart of the Z report screen, in a chunk of its own (Polaris Viz is large).
import { LineChart, PolarisVizProvider } from '@shopify/polaris-viz';

export default function DiscrepancyChart({ data }) {
    return (
        <PolarisVizProvider>
            <LineChart data={data} theme="Light" />
        </PolarisVizProvider>
    );
}
