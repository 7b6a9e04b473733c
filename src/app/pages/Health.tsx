export { HealthPage as Health } from '../../features/health/ui/HealthPage';
