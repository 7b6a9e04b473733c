export { TranslatePage as Translate } from '../../features/translate/ui/TranslatePage';
