export { FacePage as Face } from '../../features/face/ui/FacePage';
